package org.backprop.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.backprop.data.FeatureScaler;
import org.backprop.data.Task;
import org.backprop.engine.Predictor;
import org.backprop.nn.Activation;
import org.backprop.nn.Network;
import org.backprop.tensor.Bytes;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;

/**
 * A trained network with everything needed to use it on raw data: the feature scaler fitted on the
 * training rows, the feature names (the input columns, in order), the label mapping (class names
 * in index order), the task and the provenance. It is what a model file holds (see
 * {@code org.backprop.io.ModelFile}).
 *
 * <p>Predictions ({@link #predict}, {@link #predictor()}) run on the fast, allocation-free
 * {@link Predictor} over a snapshot of the network's weights taken when the model is made, and are
 * thread-safe: any number of threads may predict at once. Changing the network's weights afterwards
 * does not change them; make a new model for new weights.
 */
public final class TrainedModel {
    private final Network network;
    private final Task task;
    private final FeatureScaler scaler;
    private final List<String> featureNames;
    private final String targetName;
    private final List<String> classNames;
    private final String lossName;
    private final Provenance provenance;
    private final Predictor predictor;
    private final ModelPredictor rawPredictor;

    /**
     * Bundles a trained network with its preprocessing and labels.
     *
     * @throws IllegalArgumentException if the scaler, feature names or classes do not fit the network
     * @param network      the trained network
     * @param task         classification or regression
     * @param scaler       the scaling fitted on the training rows
     * @param featureNames the input columns, in order
     * @param targetName   the label column
     * @param classNames   the class names in index order (empty for regression)
     * @param lossName     the loss it was trained on
     * @param provenance   how it was made
     */
    public TrainedModel(Network network, Task task, FeatureScaler scaler, List<String> featureNames, String targetName,
                        List<String> classNames, String lossName, Provenance provenance) {
        if (scaler.features() != network.inputs() || featureNames.size() != network.inputs()) {
            throw new IllegalArgumentException("model: the network has " + network.inputs() + " inputs, the scaler "
                    + scaler.features() + " and the feature names " + featureNames.size());
        }
        if (task == Task.CLASSIFICATION && classNames.size() != network.outputs()) {
            throw new IllegalArgumentException("model: the network has " + network.outputs() + " outputs for "
                    + classNames.size() + " classes");
        }
        this.network = network;
        this.task = task;
        this.scaler = scaler;
        this.featureNames = List.copyOf(featureNames);
        this.targetName = targetName;
        this.classNames = List.copyOf(classNames);
        this.lossName = lossName;
        this.provenance = provenance;
        network.eval();
        this.predictor = Predictor.of(network);
        this.rawPredictor = new ModelPredictor(this, predictor);
    }

    /**
     * The network (in evaluation mode).
     *
     * @return the network
     */
    public Network network() {
        return network;
    }

    /**
     * Classification or regression.
     *
     * @return the task
     */
    public Task task() {
        return task;
    }

    /**
     * The feature scaler fitted on the training rows.
     *
     * @return the feature scaler
     */
    public FeatureScaler scaler() {
        return scaler;
    }

    /**
     * The input column names, in order.
     *
     * @return the input columns, in order
     */
    public List<String> featureNames() {
        return featureNames;
    }

    /**
     * The target column's name.
     *
     * @return the label column's name
     */
    public String targetName() {
        return targetName;
    }

    /**
     * The class names in index order; empty for regression.
     *
     * @return the class names in index order
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * The loss it was trained on.
     *
     * @return the name of the loss it was trained on
     */
    public String lossName() {
        return lossName;
    }

    /**
     * Where it comes from.
     *
     * @return how it was made
     */
    public Provenance provenance() {
        return provenance;
    }

    /**
     * The model's answer for raw (unscaled) rows {@code [N, F]}: class probabilities {@code [N, C]}
     * for classification, values {@code [N, k]} for regression.
     *
     * <p>Probabilities come from the output layer: a softmax output is used as it is, a log-softmax
     * output is exponentiated, and any other output (logits) goes through a softmax.
     *
     * @param rawFeatures {@code [N, F]} raw (unscaled) rows
     * @return {@code [N, C]} probabilities or {@code [N, k]} values
     */
    public Tensor predict(Tensor rawFeatures) {
        Tensor out = predictor.predict(scaler.transform(rawFeatures));
        if (task == Task.CLASSIFICATION) {
            ModelPredictor.toProbabilities(network.outputActivation(), out.floatData(), out.shape().dim(0),
                    predictor.outputs());
        }
        return out;
    }

    /**
     * The serving predictor: raw {@code float[]} rows (or {@code float[][]} batches) in, the stored
     * scaling applied, probabilities and the class label (or values) out — allocation-free per row
     * after a thread's first call, and thread-safe.
     *
     * @return the shared, thread-safe predictor
     */
    public ModelPredictor predictor() {
        return rawPredictor;
    }

    /**
     * The most probable class index of each raw row (classification only).
     *
     * @param rawFeatures {@code [N, F]} raw rows
     * @return the class index of each row
     */
    public int[] predictClasses(Tensor rawFeatures) {
        return predict(rawFeatures).argmaxRows();
    }

    /**
     * A SHA-256 of the weights alone (see {@link #weightsSha256(Map)}).
     *
     * @return the SHA-256 of the weights, in hex
     */
    public String weightsSha256() {
        return weightsSha256(network.stateDict());
    }

    /**
     * A SHA-256 (hex) of named weights: for each parameter in order, its UTF-8 name, a zero byte, its
     * rank and dimensions as little-endian int32, and its values as little-endian float32. Equal
     * weights give equal hashes, whatever else is in the model file.
     *
     * @param weights parameters by name
     * @return the SHA-256 of their names, shapes and values, in hex
     */
    public static String weightsSha256(Map<String, Tensor> weights) {
        MessageDigest md = Bytes.sha256();
        for (Map.Entry<String, Tensor> e : weights.entrySet()) {
            md.update(e.getKey().getBytes(StandardCharsets.UTF_8));
            md.update((byte) 0);
            int[] dims = e.getValue().shape().dims();
            md.update(Bytes.littleEndian(new int[] {dims.length}));
            md.update(Bytes.littleEndian(dims));
            md.update(Bytes.littleEndian(e.getValue().to(DType.FLOAT32).floatData()));
        }
        return HexFormat.of().formatHex(md.digest());
    }

}
