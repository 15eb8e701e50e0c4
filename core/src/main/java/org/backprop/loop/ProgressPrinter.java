package org.backprop.loop;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Prints training progress: on a terminal a bar redrawn in place during each epoch, otherwise
 * (logs, pipes, tests) one plain line per epoch:
 *
 * <pre>
 * epoch  3/20  loss 0.2345  val_loss 0.2011  val_accuracy 0.9612  lr 0.001  1.2s  ETA 25s
 * </pre>
 *
 * <p>Output is throttled by time, as tqdm does, so that short epochs (XOR's are one step each) do
 * not spend their time printing: the bar is redrawn at most every {@value #REDRAW_NANOS} ns, and
 * an epoch line is printed for the first epoch, the last of the budget, and otherwise only when
 * {@value #LINE_NANOS} ns have passed since the previous one; when training ends, the last epoch's
 * line is printed if it was skipped, so the final figures are always shown. The epoch lines go by
 * the time in the epochs' records ({@link EpochRecord#elapsedSeconds()}), so deciding to skip a line
 * costs no clock reading (on a virtual machine's clock that is tens of nanoseconds, a tenth of a
 * one-step epoch); only the bar reads the clock.
 * Not thread-safe: one printer per training run.
 */
public final class ProgressPrinter implements TrainingListener {

    /** How progress is shown. */
    public enum Style {
        /** A bar redrawn with carriage returns (for a terminal), then a line per epoch. */
        BAR,
        /** One line per epoch. */
        LINES,
        /** Nothing. */
        NONE
    }

    private static final int BAR_WIDTH = 24;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long LINE_NANOS = 250_000_000L;
    private final PrintWriter out;
    private final Style style;
    private final java.util.function.LongSupplier clock;
    /** When the last epoch line was printed ({@link Long#MIN_VALUE}: none yet). */
    private long lastLine = Long.MIN_VALUE;
    /** The last epoch's record when its line was skipped, else {@code null}. */
    private EpochRecord skipped;
    private TrainingStart run;
    private long start;
    private long lastDraw;
    private int lastWidth;

    /**
     * A printer writing to {@code out} in {@code style}.
     *
     * @param out where to print; flushed after what is printed, never closed
     * @param style bar, lines or nothing
     */
    public ProgressPrinter(PrintWriter out, Style style) {
        this(out, style, System::nanoTime);
    }

    /** A printer whose throttling reads {@code clock} (nanoseconds) instead of {@link System#nanoTime()}: for tests. */
    ProgressPrinter(PrintWriter out, Style style, java.util.function.LongSupplier clock) {
        this.out = out;
        this.style = style;
        this.clock = clock;
    }

    /**
     * {@link Style#BAR} when {@code terminal}, else {@link Style#LINES}.
     *
     * @param terminal whether the output is an interactive terminal
     * @return the style to pass to the constructor
     */
    public static Style styleFor(boolean terminal) {
        return terminal ? Style.BAR : Style.LINES;
    }

    @Override
    public void onTrainingStart(TrainingStart p) {
        this.run = p;
        this.start = clock.getAsLong();
    }

    @Override
    public void onBatchEnd(int epoch, int batch, int batches, double loss) {
        if (style != Style.BAR) {
            return;
        }
        long now = clock.getAsLong();
        if (now - lastDraw < REDRAW_NANOS && batch != batches) {
            return;
        }
        lastDraw = now;
        double done = (epoch - 1 + batch / (double) batches) / run.epochs();
        int filled = (int) Math.round(BAR_WIDTH * batch / (double) batches);
        String bar = "=".repeat(Math.max(0, filled - 1)) + (filled > 0 ? ">" : "") + " ".repeat(BAR_WIDTH - filled);
        String line = String.format(Locale.ROOT, "epoch %s [%s] %3d%%  loss %.4f  ETA %s", counter(epoch), bar,
                Math.round(100.0 * batch / batches), loss, eta((now - start) / 1e9, done));
        draw(line);
        out.flush();
    }

    @Override
    public void onEpochEnd(EpochRecord r) {
        if (style == Style.NONE) {
            return;
        }
        long now = Math.round(r.elapsedSeconds() * 1e9);
        boolean due = lastLine == Long.MIN_VALUE || r.epoch() >= run.epochs() || now - lastLine >= LINE_NANOS;
        if (!due) {
            skipped = r;
            return;
        }
        lastLine = now;
        skipped = null;
        printEpoch(r);
    }

    private void printEpoch(EpochRecord r) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "epoch %s  loss %.4f", counter(r.epoch()), r.trainLoss()));
        if (r.hasValidation()) {
            sb.append(String.format(Locale.ROOT, "  val_loss %.4f  val_%s %.4f", r.validationLoss(), r.metricName(),
                    r.validationMetric()));
        }
        sb.append(String.format(Locale.ROOT, "  lr %.3g  %.1fs  ETA %s", r.learningRate(), r.seconds(),
                eta(r.elapsedSeconds(), r.epoch() / (double) run.epochs())));
        if (style == Style.BAR) {
            draw(sb.toString());
            out.println();
            lastWidth = 0;
        } else {
            out.println(sb);
        }
        out.flush();
    }

    @Override
    public void onTrainingEnd(History history) {
        if (skipped != null) {
            printEpoch(skipped);
            skipped = null;
        }
        if (style != Style.NONE && !history.message().isEmpty()) {
            out.println(history.message());
            out.flush();
        }
    }

    private void draw(String line) {
        out.print('\r');
        out.print(line);
        if (line.length() < lastWidth) {
            out.print(" ".repeat(lastWidth - line.length()));
        }
        lastWidth = line.length();
    }

    private String counter(int epoch) {
        int w = Integer.toString(run.epochs()).length();
        return String.format(Locale.ROOT, "%" + w + "d/%d", epoch, run.epochs());
    }

    /** The time left when {@code elapsed} seconds have done {@code fractionDone} of the run. */
    private static String eta(double elapsed, double fractionDone) {
        if (fractionDone <= 0) {
            return "?";
        }
        long left = Math.round(elapsed / fractionDone * (1 - fractionDone));
        return left >= 60 ? (left / 60) + "m" + String.format(Locale.ROOT, "%02d", left % 60) + "s" : left + "s";
    }
}
