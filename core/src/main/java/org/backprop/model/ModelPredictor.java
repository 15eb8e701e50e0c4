package org.backprop.model;

import java.util.List;
import org.backprop.autograd.ops.Softmax;
import org.backprop.data.FeatureScaler;
import org.backprop.data.Task;
import org.backprop.engine.Predictor;
import org.backprop.nn.Activation;

/**
 * A trained model served on raw rows: {@code x} (the features as they come, unscaled) → the stored
 * scaling {@code (x − offset)/scale} → the network on the fast {@link Predictor} → for
 * classification the class probabilities and the most probable class, for regression the values.
 *
 * <p><b>Thread-safe</b>: one instance (from {@link TrainedModel#predictor()}) may serve any number
 * of threads at once. {@link #predict(float[], float[])} allocates nothing after the calling
 * thread's first call; the other methods allocate their results. Same input, same bits, whatever
 * the thread.
 */
public final class ModelPredictor {
    private final Predictor predictor;
    private final FeatureScaler scaler;
    private final Task task;
    private final Activation output;
    private final List<String> classNames;
    private final ThreadLocal<float[]> scaled;

    ModelPredictor(TrainedModel model, Predictor predictor) {
        this.predictor = predictor;
        this.scaler = model.scaler();
        this.task = model.task();
        this.output = model.network().outputActivation();
        this.classNames = model.classNames();
        this.scaled = ThreadLocal.withInitial(() -> new float[predictor.inputs()]);
    }

    /**
     * One prediction.
     *
     * @param label     the most probable class index; −1 for regression
     * @param className that class's name; {@code null} for regression
     * @param values    the class probabilities (classification) or the predicted values (regression)
     */
    public record Prediction(int label, String className, float[] values) {
    }

    /**
     * The number of raw features a row must have.
     *
     * @return the feature count
     */
    public int inputs() {
        return predictor.inputs();
    }

    /**
     * The length of the output: classes, or regression values.
     *
     * @return the output width
     */
    public int outputs() {
        return predictor.outputs();
    }

    /**
     * Writes the probabilities (or values) for one raw row into {@code out} and returns the most
     * probable class index (−1 for regression). Allocates nothing after this thread's first call.
     *
     * @throws IllegalArgumentException if {@code raw} or {@code out} has the wrong length
     * @param raw one row of {@link #inputs()} raw features, in the model's feature order
     * @param out receives the {@link #outputs()} probabilities or values
     * @return the most probable class index, or −1 for regression
     */
    public int predict(float[] raw, float[] out) {
        if (raw.length != inputs()) {
            throw new IllegalArgumentException("expected a row of " + inputs() + " features, got " + raw.length);
        }
        float[] x = scaled.get();
        scaler.transformRow(raw, 0, x, 0);
        predictor.predict(x, out);
        if (task != Task.CLASSIFICATION) {
            return -1;
        }
        toProbabilities(output, out, 1, out.length);
        return argmax(out);
    }

    /**
     * The prediction for one raw row.
     *
     * @param raw one row of {@link #inputs()} raw features
     * @return the prediction
     */
    public Prediction predict(float[] raw) {
        float[] out = new float[outputs()];
        int label = predict(raw, out);
        return new Prediction(label, label < 0 ? null : classNames.get(label), out);
    }

    /**
     * The predictions for a batch of raw rows, in order: scaled into one block and run through the
     * network as a batch ({@link Predictor#predict(float[], int, float[])}, spread over the
     * predictor's threads), with the bits {@link #predict(float[])} gives row by row.
     *
     * @throws IllegalArgumentException if a row has the wrong length
     * @param rows raw rows of {@link #inputs()} features each
     * @return one prediction per row
     */
    public Prediction[] predict(float[][] rows) {
        int features = inputs();
        int width = outputs();
        float[] x = new float[rows.length * features];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != features) {
                throw new IllegalArgumentException("row " + i + ": expected " + features + " features, got "
                        + rows[i].length);
            }
            scaler.transformRow(rows[i], 0, x, i * features);
        }
        float[] y = new float[rows.length * width];
        predictor.predict(x, rows.length, y);
        if (task == Task.CLASSIFICATION) {
            toProbabilities(output, y, rows.length, width);
        }
        Prediction[] out = new Prediction[rows.length];
        for (int i = 0; i < rows.length; i++) {
            float[] values = java.util.Arrays.copyOfRange(y, i * width, (i + 1) * width);
            int label = task == Task.CLASSIFICATION ? argmax(values) : -1;
            out[i] = new Prediction(label, label < 0 ? null : classNames.get(label), values);
        }
        return out;
    }

    /** The index of the largest value, the first of equal ones. */
    private static int argmax(float[] values) {
        int best = 0;
        for (int c = 1; c < values.length; c++) {
            if (values[c] > values[best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * Turns {@code rows × cols} outputs into class probabilities, in place, by what the output layer
     * gives: a softmax's as they are, a log-softmax's exponentiated, any other (logits) through a
     * softmax.
     */
    static void toProbabilities(Activation output, float[] out, int rows, int cols) {
        switch (output.kind()) {
            case SOFTMAX:
                break;
            case LOG_SOFTMAX:
                for (int i = 0; i < rows * cols; i++) {
                    out[i] = (float) Math.exp(out[i]);
                }
                break;
            default:
                Softmax.ROWS.forward(out, out, rows, cols);
                break;
        }
    }
}
