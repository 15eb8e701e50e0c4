/**
 * Seeing backpropagation: the {@code explain} command ({@link org.backprop.viz.ExplainCommand}),
 * the live {@code playground} in the browser ({@link org.backprop.viz.PlaygroundCommand},
 * {@link org.backprop.viz.PlaygroundServer}), and the training report
 * ({@link org.backprop.viz.ReportWriter}, {@link org.backprop.viz.PlotWriter}).
 *
 * <p>The commands are picocli classes with public no-argument constructors, so a top-level command
 * registers them with {@code subcommands = {ExplainCommand.class, PlaygroundCommand.class}}.
 */
package org.backprop.viz;
