package org.backprop.optim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop.autograd.Variable;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;

/**
 * Updates parameters from their gradients, PyTorch style:
 *
 * <pre>{@code
 * optimizer.zeroGrad();
 * Variable loss = lossFn.compute(model.forward(x), y);
 * loss.backward();
 * optimizer.step();
 * }</pre>
 *
 * <p>The optimiser owns all its per-parameter state (momentum buffers, moment estimates), indexed
 * by the parameter's position in the list it was given; layers hold none. That state can be saved
 * with {@link #stateDict()} and restored with {@link #loadStateDict}, so training can resume
 * exactly.
 *
 * <p><b>Threads</b>: not thread-safe: an optimiser and its state belong to the one thread that trains.
 */
public abstract class Optimizer {
    private final List<Variable> parameters;
    private double learningRate;
    private long steps;
    private final Map<String, Tensor[]> buffers = new LinkedHashMap<>();

    /**
     * @param parameters   the parameters to update, in a fixed order
     * @param learningRate the initial step size η
     * @param bufferNames  the per-parameter state this optimiser keeps, such as {@code momentum}
     * @throws IllegalArgumentException if there are no parameters or η is not a finite number &gt; 0
     */
    protected Optimizer(List<Variable> parameters, double learningRate, String... bufferNames) {
        if (parameters.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters to optimise");
        }
        Check.positive(getClass().getSimpleName(), "learningRate", learningRate);
        this.parameters = List.copyOf(parameters);
        this.learningRate = learningRate;
        for (String name : bufferNames) {
            buffers.put(name, new Tensor[parameters.size()]);
        }
    }

    /**
     * The parameters, in order.
     *
     * @return the parameters, in order
     */
    public final List<Variable> parameters() {
        return parameters;
    }

    /** Clears every parameter's gradient before the next backward pass. */
    public final void zeroGrad() {
        for (Variable p : parameters) {
            p.zeroGrad();
        }
    }

    /**
     * Applies one update to every parameter that has a gradient, then counts the step.
     * Parameters without a gradient (not reached by the backward pass) are left alone.
     */
    public final void step() {
        steps++;
        for (int i = 0; i < parameters.size(); i++) {
            Variable p = parameters.get(i);
            if (p.grad() != null) {
                update(i, p.value(), p.grad());
            }
        }
    }

    /**
     * Updates one parameter in place.
     *
     * @param index the parameter's position, for looking up its state
     * @param value the parameter's value, to change
     * @param grad  its gradient {@code ∂L/∂w}, not to be changed
     */
    protected abstract void update(int index, Tensor value, Tensor grad);

    /**
     * How many steps have been taken (the {@code t} of bias corrections).
     *
     * @return the steps taken
     */
    public final long stepCount() {
        return steps;
    }

    /**
     * The current learning rate η.
     *
     * @return η
     */
    public final double learningRate() {
        return learningRate;
    }

    /**
     * Sets the learning rate (schedules do this between steps).
     *
     * @throws IllegalArgumentException unless it is a finite number ≥ 0
     * @param rate the new learning rate
     */
    public final void setLearningRate(double rate) {
        Check.nonNegative(getClass().getSimpleName(), "learningRate", rate);
        this.learningRate = rate;
    }

    /**
     * The buffer {@code name} of parameter {@code index}, created as zeros shaped like the parameter
     * on first use. Subclasses keep all their state here, so saving and loading it is generic.
     *
     * @throws IllegalArgumentException if {@code name} was not declared to the constructor
     * @param name  the buffer's name
     * @param index the parameter's position
     * @return the buffer
     */
    protected final Tensor buffer(String name, int index) {
        Tensor[] slots = buffers.get(name);
        if (slots == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no buffer '" + name + "'");
        }
        if (slots[index] == null) {
            Tensor like = parameters.get(index).value();
            slots[index] = Tensor.zeros(like.dtype(), like.shape());
        }
        return slots[index];
    }

    /**
     * Whether buffer {@code name} of parameter {@code index} exists yet (some rules treat the first step apart).
     *
     * @param name  the buffer's name
     * @param index the parameter's position
     * @return whether it exists yet
     */
    protected final boolean hasBuffer(String name, int index) {
        return buffers.get(name)[index] != null;
    }

    /**
     * All state as named tensors: {@code step}, {@code learningRate}, and
     * {@code <buffer>.<parameter index>} for every buffer created so far.
     *
     * @return every buffer and the step count, by name
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("step", Tensor.scalar(DType.FLOAT64, steps));
        out.put("learningRate", Tensor.scalar(DType.FLOAT64, learningRate));
        for (Map.Entry<String, Tensor[]> e : buffers.entrySet()) {
            for (int i = 0; i < parameters.size(); i++) {
                if (e.getValue()[i] != null) {
                    out.put(e.getKey() + "." + i, e.getValue()[i].copy());
                }
            }
        }
        return out;
    }

    /**
     * Restores state saved by {@link #stateDict()} from an optimiser of the same kind over
     * parameters of the same shapes. The state replaces the current one entirely: a buffer the
     * saved state does not hold (it had not been created yet) is cleared here too.
     *
     * @throws IllegalArgumentException listing every unknown key and shape mismatch
     * @param state what {@link #stateDict()} gave
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String key = e.getKey();
            if (key.equals("step") || key.equals("learningRate")) {
                continue;
            }
            int dot = key.lastIndexOf('.');
            String name = dot < 0 ? key : key.substring(0, dot);
            int index = -1;
            try {
                index = dot < 0 ? -1 : Integer.parseInt(key.substring(dot + 1));
            } catch (NumberFormatException ignored) {
                // reported below
            }
            if (!buffers.containsKey(name) || index < 0 || index >= parameters.size()) {
                problems.add(key + ": unexpected for " + getClass().getSimpleName());
            } else if (!e.getValue().shape().equals(parameters.get(index).shape())) {
                problems.add(key + ": expected shape " + parameters.get(index).shape() + ", got " + e.getValue().shape());
            }
        }
        if (!state.containsKey("step")) {
            problems.add("step: missing");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("optimizer state does not match (" + problems.size() + " problems):\n  "
                    + String.join("\n  ", problems));
        }
        steps = (long) state.get("step").item();
        for (Tensor[] slots : buffers.values()) {
            java.util.Arrays.fill(slots, null); // a buffer absent from the state starts afresh, as on step 1
        }
        if (state.containsKey("learningRate")) {
            learningRate = state.get("learningRate").item();
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String key = e.getKey();
            int dot = key.lastIndexOf('.');
            if (dot > 0) {
                int i = Integer.parseInt(key.substring(dot + 1));
                buffers.get(key.substring(0, dot))[i] = e.getValue().to(parameters.get(i).value().dtype());
            }
        }
    }
}
