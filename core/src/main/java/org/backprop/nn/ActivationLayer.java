package org.backprop.nn;

import org.backprop.autograd.Variable;

/** An activation as a module of its own, for {@link Sequential}s built by hand. No parameters. */
public final class ActivationLayer extends Module {
    private final Activation activation;

    /**
     * The layer applying {@code activation}.
     *
     * @param activation the activation to apply, not {@code null}
     */
    public ActivationLayer(Activation activation) {
        this.activation = activation;
    }

    /**
     * The activation applied.
     *
     * @return the activation given to the constructor
     */
    public Activation activation() {
        return activation;
    }

    @Override
    public Variable forward(Variable input) {
        return activation.apply(input);
    }

    @Override
    protected String describe() {
        return "Activation(" + activation + ")";
    }
}
