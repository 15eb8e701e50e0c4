package org.backprop.spark.cli;

import java.io.PrintWriter;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.backprop.cli.UsageException;
import org.backprop.data.DataFormatException;
import org.backprop.io.ModelFileException;
import org.backprop.spark.SparkDataException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code backprop-spark} command line: {@code train} on Spark. Exit codes as
 * {@code backprop}'s: 0 success, 2 bad usage, 1 bad data or failure, with one line naming the
 * problem ({@code --debug} adds the stack trace).
 */
@Command(name = "backprop-spark", mixinStandardHelpOptions = true, subcommands = SparkTrainCommand.class,
        description = "Backprop on Apache Spark: synchronous data-parallel training of the same networks.")
public final class BackpropSpark implements Runnable {
    /** Success. */
    public static final int OK = 0;
    /** Bad data or a failure. */
    public static final int FAILURE = 1;
    /** Bad usage. */
    public static final int USAGE = 2;

    private BackpropSpark() {
    }

    @Override
    public void run() {
        throw new UsageException("a command is needed: backprop-spark train [OPTIONS] (see --help)");
    }

    /**
     * Runs the command line and exits with its code ({@value #OK}, {@value #USAGE} or
     * {@value #FAILURE}): never returns.
     *
     * @param args the command and its options, as typed after {@code backprop-spark}
     */
    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs the command line with the given writers and returns the exit code: the in-process form,
     * as tests use it. No exception escapes: each becomes one line on {@code err} (the stack trace
     * too only when {@code args} contains {@code --debug}).
     *
     * @param args the command and its options, as typed after {@code backprop-spark}
     * @param out  where results go
     * @param err  where error lines ({@code error: …}) and usage hints go
     * @return the exit code: {@value #OK}, {@value #USAGE} or {@value #FAILURE}
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new BackpropSpark());
        cli.setOut(out).setErr(err);
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        cli.setExecutionExceptionHandler((e, line, parsed) -> {
            if (debug) {
                e.printStackTrace(err);
            }
            if (e instanceof UsageException) {
                err.println("error: " + e.getMessage());
                err.println("(see backprop-spark " + line.getCommandName() + " --help)");
                return USAGE;
            }
            err.println("error: " + message(e));
            return FAILURE;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            err.println("error: " + e.getMessage());
            err.println("(see backprop-spark --help)");
            return USAGE;
        });
        return cli.execute(args);
    }

    /** The one line to show for a failure. */
    static String message(Throwable e) {
        SparkDataException data = SparkDataException.find(e);
        if (data != null) {
            return data.getMessage();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataError || t instanceof DataFormatException || t instanceof ModelFileException
                    || t instanceof java.io.IOException || t instanceof IllegalArgumentException) {
                return firstLine(t.getMessage() == null ? t.toString() : t.getMessage());
            }
        }
        return firstLine(e.toString());
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * A session on {@code master}; in local mode the driver binds to the loopback address and the
     * web UI is off. Under {@code spark-submit} the master and settings given there win.
     */
    static SparkSession session(String master) {
        SparkSession.Builder b = SparkSession.builder().appName("backprop-spark");
        if (System.getProperty("spark.master") == null) {
            b.master(master);
            if (master.startsWith("local")) {
                b.config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                        .config("spark.driver.bindAddress", "127.0.0.1");
            }
        }
        return b.getOrCreate();
    }

    /** A data error found on the driver (exit code 1). */
    static final class DataError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DataError(String message) {
            super(message);
        }
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new UsageException(message);
        }
    }

    /** Runs {@code f}; an {@link IllegalArgumentException} from it becomes a usage error. */
    static <T> T usage(Supplier<T> f) {
        try {
            return f.get();
        } catch (UsageException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
