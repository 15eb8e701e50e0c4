package org.backprop.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The files a command will write and the files it reads, checked before any work: no output may
 * be the same file as an input or as another output (a report written over the model, predictions
 * over their own data), and every output location must be writable — so a long training run never
 * ends by losing its result.
 */
final class OutputPaths {
    /** One path with the option that names it, such as {@code --out}. */
    private record Named(String option, Path path, boolean directory) {
    }

    private final List<Named> inputs = new ArrayList<>();
    private final List<Named> outputs = new ArrayList<>();

    /** An input file (or directory) named by {@code option}; {@code null} is ignored. */
    OutputPaths input(String option, Path path) {
        if (path != null) {
            inputs.add(new Named(option, path, false));
        }
        return this;
    }

    /** An output file named by {@code option}; {@code null} is ignored. */
    OutputPaths file(String option, Path path) {
        if (path != null) {
            outputs.add(new Named(option, path, false));
        }
        return this;
    }

    /** An output directory named by {@code option}; {@code null} is ignored. */
    OutputPaths directory(String option, Path path) {
        if (path != null) {
            outputs.add(new Named(option, path, true));
        }
        return this;
    }

    /**
     * Checks the paths.
     *
     * @throws UsageException if two of them are the same file (exit code 2)
     * @throws OutputNotWritableException if an output location cannot be written, saying why (exit code 1)
     */
    void check() {
        for (int i = 0; i < outputs.size(); i++) {
            Named o = outputs.get(i);
            for (Named in : inputs) {
                if (same(o.path(), in.path())) {
                    throw new UsageException(o.option() + " " + o.path() + " is the same file as " + in.option() + " "
                            + in.path() + ": it would be overwritten; choose another " + o.option());
                }
            }
            for (int j = 0; j < i; j++) {
                Named other = outputs.get(j);
                if (same(o.path(), other.path())) {
                    throw new UsageException(o.option() + " and " + other.option() + " are the same path (" + o.path()
                            + "): one would overwrite the other; give them different names");
                }
            }
        }
        for (Named o : outputs) {
            String why = whyNotWritable(o);
            if (why != null) {
                throw new OutputNotWritableException(o.option() + " " + o.path() + ": cannot write there: " + why);
            }
        }
    }

    private static boolean same(Path a, Path b) {
        Path x = a.toAbsolutePath().normalize();
        Path y = b.toAbsolutePath().normalize();
        if (x.equals(y)) {
            return true;
        }
        try {
            return Files.exists(x) && Files.exists(y) && Files.isSameFile(x, y);
        } catch (IOException e) {
            return false;
        }
    }

    /** Why {@code o} cannot be written, in words, or {@code null} if it can. */
    private static String whyNotWritable(Named o) {
        Path p = o.path().toAbsolutePath().normalize();
        if (Files.exists(p)) {
            if (o.directory()) {
                if (!Files.isDirectory(p)) {
                    return "it is a file, not a directory";
                }
                return Files.isWritable(p) ? null : "the directory is not writable (permissions)";
            }
            if (Files.isDirectory(p)) {
                return "it is a directory; give a file name";
            }
            if (!Files.isRegularFile(p)) {
                return "it is not a regular file";
            }
            Path dir = p.getParent();
            return Files.isWritable(dir) ? null : "the directory " + dir + " is not writable (permissions)";
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
            return "it is a link to a place that does not exist";
        }
        // The nearest existing ancestor must be a writable directory: the missing ones are created in it.
        Path dir = p.getParent();
        while (dir != null && !Files.exists(dir)) {
            dir = dir.getParent();
        }
        if (dir == null) {
            return "no existing directory above it";
        }
        if (!Files.isDirectory(dir)) {
            return dir + " is a file, not a directory";
        }
        return Files.isWritable(dir) ? null : "the directory " + dir + " is not writable (permissions)";
    }

    /** An output location that cannot be written; a failure (exit code 1), not a usage error. */
    static final class OutputNotWritableException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        OutputNotWritableException(String message) {
            super(message);
        }
    }
}
