package org.backprop.viz;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import org.backprop.tensor.DType;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * The features the playground's network is given, in {@link InputFeature} order: the network's
 * input width is {@link #size()}, and row {@code i} of {@link #rows} is
 * {@code (f₁(x₁ᵢ, x₂ᵢ), …, f_F(x₁ᵢ, x₂ᵢ))} for the selected features {@code f₁ … f_F}.
 *
 * <p>Training and the heatmap grid both call {@link #rows}, so what the network sees and what the
 * page draws come from the same formulas ({@link InputFeature}).
 *
 * @param selected at least one feature, each once; kept in {@link InputFeature} order whatever the order given
 */
public record InputFeatures(List<InputFeature> selected) {

    /** TensorFlow Playground's default: {@code x₁, x₂}. */
    public static final InputFeatures DEFAULT = new InputFeatures(List.of(InputFeature.X1, InputFeature.X2));

    /**
     * Checks and orders the selection.
     *
     * @param selected the features; copied, in declaration order (not in the order given)
     * @throws IllegalArgumentException if it is empty or names a feature twice
     */
    public InputFeatures {
        if (selected.isEmpty()) {
            throw new IllegalArgumentException("features: choose at least one of " + InputFeature.knownIds());
        }
        EnumSet<InputFeature> set = EnumSet.noneOf(InputFeature.class);
        for (InputFeature f : selected) {
            if (!set.add(f)) {
                throw new IllegalArgumentException("features: '" + f.id() + "' is given twice");
            }
        }
        selected = List.copyOf(set); // EnumSet iterates in declaration order
    }

    /**
     * Reads a list of ids such as {@code ["x1sq", "x2sq"]}.
     *
     * @param ids the ids ({@link InputFeature#id()}), in any order
     * @return the selection, in declaration order
     * @throws IllegalArgumentException naming an unknown id, a repeated one or an empty list
     */
    public static InputFeatures parse(List<String> ids) {
        List<InputFeature> f = new ArrayList<>();
        for (String id : ids) {
            f.add(InputFeature.parse(id));
        }
        return new InputFeatures(f);
    }

    /**
     * The number of features, the network's input width.
     *
     * @return at least 1
     */
    public int size() {
        return selected.size();
    }

    /**
     * Whether {@code f} is selected.
     *
     * @param f a feature
     * @return {@code true} if it is one of {@link #selected()}
     */
    public boolean contains(InputFeature f) {
        return selected.contains(f);
    }

    /**
     * The ids in order, as {@link #parse} reads them.
     *
     * @return a new list, such as {@code [x1sq, x2sq]}
     */
    public List<String> ids() {
        List<String> ids = new ArrayList<>();
        for (InputFeature f : selected) {
            ids.add(f.id());
        }
        return ids;
    }

    /**
     * The labels in order, such as {@code [x₁², x₂²]}.
     *
     * @return a new list
     */
    public List<String> labels() {
        List<String> labels = new ArrayList<>();
        for (InputFeature f : selected) {
            labels.add(f.label());
        }
        return labels;
    }

    /**
     * The features of each point: {@code [N, 2]} plot coordinates in, {@code [N, F]} float32 out.
     *
     * @param xy the points, {@code [N, 2]}, in the plot's units; not changed
     * @return a new float32 tensor {@code [N, size()]}, column {@code j} the feature {@code selected().get(j)}
     * @throws IllegalArgumentException unless {@code xy} is {@code [N, 2]}
     */
    public Tensor rows(Tensor xy) {
        if (xy.shape().rank() != 2 || xy.shape().cols() != 2) {
            throw new IllegalArgumentException("features: expected points [N, 2], got " + xy.shape());
        }
        int n = xy.shape().dim(0);
        int width = size();
        float[] out = new float[n * width];
        for (int i = 0; i < n; i++) {
            double x1 = xy.get(i, 0);
            double x2 = xy.get(i, 1);
            for (int j = 0; j < width; j++) {
                out[i * width + j] = (float) selected.get(j).value(x1, x2);
            }
        }
        return Tensor.wrap(out, Shape.of(n, width));
    }
}
