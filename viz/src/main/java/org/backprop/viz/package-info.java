/**
 * Seeing backpropagation: the live playground in the browser ({@link org.backprop.viz.PlaygroundServer},
 * one {@link org.backprop.viz.PlaygroundSession} per page: its {@link org.backprop.viz.Dataset2D} data, the
 * {@link org.backprop.viz.InputFeatures} the network sees, a {@link org.backprop.viz.Heatmap} of every neuron
 * over the {@link org.backprop.viz.PlaneGrid}), and the training report
 * ({@link org.backprop.viz.HtmlReportWriter} for the HTML page, {@link org.backprop.viz.PlotWriter}
 * for the PNG and SVG plots, {@link org.backprop.viz.TrainingReportService} as the
 * {@link org.backprop.train.TrainingReporter} service).
 *
 * <p>The {@code explain} and {@code playground} commands live with the other commands in the
 * command-line module; this module has no command-line code.
 */
package org.backprop.viz;
