package org.backprop.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The hook for visual training reports ({@code backprop train --report FILE --plots DIR}): a module
 * that draws (such as {@code viz}) implements it and registers it with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/org.backprop.train.TrainingReporter}); the command line uses the first
 * one found. Everything a report needs is in the {@link TrainingResult}.
 */
public interface TrainingReporter {

    /**
     * Writes a report of {@code result}.
     *
     * @param result the finished run to report on
     * @param report the report file to write (such as an HTML page), or {@code null}
     * @param plots  a directory for separate plot images, or {@code null}
     * @throws IOException when a file cannot be written
     */
    void write(TrainingResult result, Path report, Path plots) throws IOException;
}
