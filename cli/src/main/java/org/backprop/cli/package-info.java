/**
 * The {@code backprop} command line (picocli): {@code train}, {@code evaluate}, {@code predict},
 * {@code inspect}. Every command returns an exit code — 0 success, 2 bad usage, 1 bad data or
 * failure — and prints errors as one line (the stack trace with {@code --debug}).
 *
 * <p>To add a command, write a picocli {@code @Command} class implementing
 * {@link java.util.concurrent.Callable Callable&lt;Integer&gt;} and add it to
 * {@link org.backprop.cli.BackpropCli#SUBCOMMANDS}, the one place commands are registered.
 */
package org.backprop.cli;
