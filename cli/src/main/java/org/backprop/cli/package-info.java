/**
 * The {@code backprop} command line (picocli): {@code train}, {@code evaluate}, {@code predict},
 * {@code inspect}, {@code explain}, {@code playground}. Every command returns its exit code on
 * success and throws on an error; {@link org.backprop.cli.CommandErrors} turns every error into its
 * exit code — 2 bad usage ({@link org.backprop.cli.UsageException}, a bad option), 1 bad data or
 * failure ({@link org.backprop.cli.CommandFailure} and the rest) — and one line on standard error
 * (the stack trace with {@code --debug}).
 *
 * <p>To add a command, write a picocli {@code @Command} class implementing
 * {@link java.util.concurrent.Callable Callable&lt;Integer&gt;} and add it to
 * {@link org.backprop.cli.BackpropCli#SUBCOMMANDS}, the one place commands are registered.
 */
package org.backprop.cli;
