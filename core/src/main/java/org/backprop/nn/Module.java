package org.backprop.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop.autograd.Variable;
import org.backprop.tensor.DType;
import org.backprop.tensor.Tensor;

/**
 * A piece of a network, PyTorch style: it computes {@link #forward} and owns named parameters and
 * named sub-modules. Names are dotted paths in registration order, such as
 * {@code layers.0.weight}, {@code layers.0.bias}, {@code layers.1.weight}.
 *
 * <p>A module is in training mode when made; {@link #eval()} switches it (and all its sub-modules)
 * to evaluation mode, which matters for layers like {@link Dropout}.
 *
 * <p>Modules hold parameters and nothing about how they are trained: optimiser state lives in the
 * {@link org.backprop.optim.Optimizer}.
 *
 * <p><b>Threads</b>: not thread-safe. A module being trained (its parameters, gradients and
 * training/evaluation mode) belongs to one thread; to serve a trained network from many threads use
 * {@link org.backprop.engine.Predictor} or {@code TrainedModel.predictor()}, which copy the weights.
 */
public abstract class Module {
    private final Map<String, Variable> parameters = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private boolean training = true;

    /**
     * Computes this module's output from its input, recording the graph when gradients are on.
     *
     * @param input {@code [B, in]}
     * @return {@code [B, out]}
     */
    public abstract Variable forward(Variable input);

    /**
     * Registers a parameter under {@code name} (a single path segment) and returns it.
     *
     * @throws IllegalArgumentException if the name is empty, contains a dot, or is taken
     * @param name  the parameter's name within this module
     * @param value its initial value
     * @return the parameter
     */
    protected final Variable registerParameter(String name, Tensor value) {
        checkName(name);
        Variable p = Variable.parameter(value).named(name);
        parameters.put(name, p);
        return p;
    }

    /**
     * Registers a sub-module under {@code name} and returns it.
     *
     * @param <M>    the child's type
     * @param name   the child's name within this module
     * @param module the child
     * @return {@code module}
     */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("module member name must be non-empty and contain no dot, got '" + name + "'");
        }
        if (parameters.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("module member name '" + name + "' is already registered");
        }
    }

    /**
     * Every parameter of this module and its sub-modules, by dotted name, in registration order.
     *
     * @return every parameter by dotted name ({@code layers.0.weight}), in order
     */
    public final Map<String, Variable> namedParameters() {
        Map<String, Variable> out = new LinkedHashMap<>();
        collect("", out);
        for (Map.Entry<String, Variable> e : out.entrySet()) {
            e.getValue().named(e.getKey());
        }
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Variable> out) {
        for (Map.Entry<String, Variable> e : parameters.entrySet()) {
            out.put(prefix + e.getKey(), e.getValue());
        }
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().collect(prefix + e.getKey() + ".", out);
        }
    }

    /**
     * The parameters in {@link #namedParameters()} order.
     *
     * @return every parameter, in order
     */
    public final List<Variable> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * The direct sub-modules by name, in registration order.
     *
     * @return the direct children by name, in order
     */
    public final Map<String, Module> namedChildren() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * Total number of trainable numbers.
     *
     * @return the number of trainable values
     */
    public final long parameterCount() {
        long n = 0;
        for (Variable p : namedParameters().values()) {
            n += p.value().size();
        }
        return n;
    }

    /** Clears every parameter's gradient. */
    public final void zeroGrad() {
        for (Variable p : namedParameters().values()) {
            p.zeroGrad();
        }
    }

    /** Switches this module and its sub-modules to training mode. */
    public final void train() {
        setTraining(true);
    }

    /** Switches this module and its sub-modules to evaluation mode (no dropout). */
    public final void eval() {
        setTraining(false);
    }

    private void setTraining(boolean mode) {
        training = mode;
        for (Module child : children.values()) {
            child.setTraining(mode);
        }
    }

    /**
     * Whether the module is in training mode.
     *
     * @return {@code true} in training mode
     */
    public final boolean isTraining() {
        return training;
    }

    /**
     * Converts every parameter to {@code dtype} in place (float64 for gradient checks); returns this.
     *
     * @param dtype the element type
     * @return this module
     */
    public final Module to(DType dtype) {
        for (Variable p : namedParameters().values()) {
            if (p.value().dtype() != dtype) {
                p.setValue(p.value().to(dtype));
            }
        }
        return this;
    }

    /**
     * A copy of every parameter's value, by dotted name, in order.
     *
     * @return a copy of every parameter's value by dotted name
     */
    public final Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (Map.Entry<String, Variable> e : namedParameters().entrySet()) {
            out.put(e.getKey(), e.getValue().value().copy());
        }
        return out;
    }

    /**
     * Loads parameter values by name, strictly: every parameter must be given, with its shape, and
     * nothing else may be. Values are converted to each parameter's dtype. Nothing is changed unless
     * everything fits.
     *
     * @throws StateDictException listing every missing name, unexpected name and shape mismatch
     * @param state a value for every parameter, by dotted name, of the parameter's shape
     */
    public final void loadStateDict(Map<String, Tensor> state) {
        Map<String, Variable> own = namedParameters();
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Variable> e : own.entrySet()) {
            Tensor given = state.get(e.getKey());
            if (given == null) {
                problems.add(e.getKey() + ": missing (expected shape " + e.getValue().shape() + ")");
            } else if (!given.shape().equals(e.getValue().shape())) {
                problems.add(e.getKey() + ": expected shape " + e.getValue().shape() + ", got " + given.shape());
            }
        }
        for (String name : state.keySet()) {
            if (!own.containsKey(name)) {
                problems.add(name + ": unexpected (the module has no such parameter)");
            }
        }
        if (!problems.isEmpty()) {
            throw new StateDictException(problems);
        }
        for (Map.Entry<String, Variable> e : own.entrySet()) {
            Variable p = e.getValue();
            p.setValue(state.get(e.getKey()).to(p.value().dtype()));
        }
    }

    /**
     * A one-line description of this module alone, such as {@code Dense(4 → 8, relu)}.
     *
     * @return a short description for {@link #toString()}
     */
    protected String describe() {
        return getClass().getSimpleName();
    }

    /** The module tree, one line per module, indented, PyTorch style. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        print(sb, "", "");
        return sb.toString().stripTrailing();
    }

    private void print(StringBuilder sb, String indent, String label) {
        sb.append(indent).append(label.isEmpty() ? "" : "(" + label + "): ").append(describe()).append('\n');
        for (Map.Entry<String, Module> e : children.entrySet()) {
            e.getValue().print(sb, indent + "  ", e.getKey());
        }
    }
}
