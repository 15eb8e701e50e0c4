package org.backprop.nn;

import org.backprop.autograd.Variable;
import org.backprop.random.Rng;
import org.backprop.tensor.Tensor;

/**
 * Dropout (inverted): in training mode each element is zeroed with probability {@code p} and the
 * survivors are scaled by {@code 1/(1−p)}, so the expected value is unchanged and evaluation needs
 * no rescaling. In evaluation mode it passes its input through.
 *
 * <p>Backward: the gradient passes through the same mask (times {@code 1/(1−p)}), a product with
 * a constant recorded by the graph.
 */
public final class Dropout extends Module {
    private final double p;
    private final Rng rng;

    /**
     * @param p   the probability of dropping an element, in {@code [0, 1)}
     * @param rng the source of the masks (seeded, so runs repeat)
     * @throws IllegalArgumentException if {@code p} is outside {@code [0, 1)}
     */
    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
        this.rng = rng;
    }

    /**
     * The drop probability.
     *
     * @return {@code p}, in {@code [0, 1)}
     */
    public double probability() {
        return p;
    }

    /**
     * The source of the masks (a checkpoint saves its {@link Rng#state() state}).
     *
     * @return the generator given to the constructor (shared, not a copy: each training-mode forward advances
     *         it by one draw per element)
     */
    public Rng rng() {
        return rng;
    }

    @Override
    public Variable forward(Variable input) {
        if (!isTraining() || p == 0) {
            return input;
        }
        Tensor mask = Tensor.zeros(input.value().dtype(), input.shape());
        double keep = 1 / (1 - p);
        for (int i = 0; i < mask.size(); i++) {
            mask.set(i, rng.nextDouble() >= p ? keep : 0);
        }
        return input.mul(Variable.constant(mask));
    }

    @Override
    protected String describe() {
        return "Dropout(p=" + p + ")";
    }
}
