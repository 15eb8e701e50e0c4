package org.backprop.nn;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.backprop.autograd.Variable;
import org.backprop.autograd.ops.Elementwise;
import org.backprop.autograd.ops.ElementwiseFunction;
import org.backprop.autograd.ops.Elu;
import org.backprop.autograd.ops.Gelu;
import org.backprop.autograd.ops.Identity;
import org.backprop.autograd.ops.LeakyRelu;
import org.backprop.autograd.ops.LogSoftmax;
import org.backprop.autograd.ops.Relu;
import org.backprop.autograd.ops.RowKernel;
import org.backprop.autograd.ops.Sigmoid;
import org.backprop.autograd.ops.Softmax;
import org.backprop.autograd.ops.Softplus;
import org.backprop.autograd.ops.Tanh;

/**
 * The non-linearity {@code a = f(z)} a layer applies after {@code z = W·x + b}: an elementwise
 * function ({@link Kind#ELEMENTWISE}, such as sigmoid or ReLU) or one over each row
 * ({@link Kind#SOFTMAX}, {@link Kind#LOG_SOFTMAX}).
 *
 * <p>Written in specs by name, with an optional parameter: {@code identity}, {@code sigmoid},
 * {@code tanh}, {@code relu}, {@code leaky_relu} or {@code leaky_relu(0.1)}, {@code elu} or
 * {@code elu(0.5)}, {@code gelu}, {@code softplus}, {@code softmax}, {@code log_softmax}.
 * The rule for each lives in {@link org.backprop.autograd.ops}.
 *
 * <p>Each activation carries both of its forms: {@link #apply} records the graph op (the
 * reference), and {@link #kernel()} hands the fused engine and the {@code Predictor} the row
 * kernel that the graph op itself runs on float32 tensors — one formula, no dispatch by name.
 *
 * <p><b>Your own activation</b> is one {@link ElementwiseFunction} (its value and derivative)
 * registered under a name, after which it works wherever a built-in does — in specs, in both
 * training engines, in the predictor and in model files (saved by name, found by name on loading):
 * <pre>
 * Activation.register("swish", Swish::new);      // Swish implements ElementwiseFunction
 * NetworkSpec.parse("64 swish, 10 softmax");
 * </pre>
 * Instances are immutable and thread-safe; the registry may be used from any thread.
 */
public final class Activation {
    private static final Map<String, Registered> REGISTERED = new ConcurrentHashMap<>();

    private record Registered(Supplier<? extends ElementwiseFunction> function, Initializer initializer) {
    }

    /** Whether the function acts on each element or on each row. */
    public enum Kind {
        /** {@code aᵢ = f(zᵢ)}. */
        ELEMENTWISE,
        /** {@code a = softmax(z)} per row. */
        SOFTMAX,
        /** {@code a = log softmax(z)} per row. */
        LOG_SOFTMAX
    }

    private final Kind kind;
    private final ElementwiseFunction function;
    private final RowKernel kernel;
    private final String spec;
    private final Initializer initializer;

    private Activation(Kind kind, ElementwiseFunction function, RowKernel kernel, String spec, Initializer initializer) {
        this.kind = kind;
        this.function = function;
        this.kernel = kernel;
        this.spec = spec;
        this.initializer = initializer;
    }

    private static Activation elementwise(ElementwiseFunction f, String spec, Initializer initializer) {
        return new Activation(Kind.ELEMENTWISE, f, f, spec, initializer);
    }

    /**
     * An elementwise activation from its scalar rule, written {@code name} in specs. Register it
     * ({@link #register}) to have specs and model files find it by name.
     *
     * @param name the name written in specs, a lower-case identifier ({@code [a-z][a-z0-9_]*})
     * @param function the scalar rule and its derivative, not {@code null}
     * @param initializer the initial weights that suit it (Xavier/Glorot when {@code null})
     * @return the activation (not registered by this call)
     * @throws IllegalArgumentException if {@code name} is not a lower-case identifier
     * @throws NullPointerException if {@code function} is {@code null}
     */
    public static Activation of(String name, ElementwiseFunction function, Initializer initializer) {
        checkName(name);
        return elementwise(Objects.requireNonNull(function, "function"), name,
                initializer == null ? Initializers.xavierUniform() : initializer);
    }

    /**
     * Registers an elementwise activation under {@code name}: from then on {@link #parse} (and so
     * network specs and model files) finds it, and both engines and the predictor run it through
     * its {@link ElementwiseFunction} rows. Weights are initialised Xavier/Glorot.
     *
     * @param name the name, a lower-case identifier ({@code [a-z][a-z0-9_]*}); a later registration under the
     *         same name replaces the earlier one
     * @param function makes the scalar function; called once per parsed spec, so it may return a new instance
     *         or a shared immutable one
     * @throws IllegalArgumentException if the name is not a lower-case identifier, or is a built-in's
     * @throws NullPointerException if {@code function} is {@code null}
     */
    public static void register(String name, Supplier<? extends ElementwiseFunction> function) {
        register(name, function, Initializers.xavierUniform());
    }

    /**
     * As {@link #register(String, Supplier)}, with the initialiser that suits the function (such
     * as {@link Initializers#heUniform()} for a ReLU-like one).
     *
     * @param name the name, a lower-case identifier, not a built-in's
     * @param function makes the scalar function; called once per parsed spec
     * @param initializer the initial weights for layers using it, not {@code null}
     * @throws IllegalArgumentException if the name is not a lower-case identifier, or is a built-in's
     * @throws NullPointerException if {@code function} or {@code initializer} is {@code null}
     */
    public static void register(String name, Supplier<? extends ElementwiseFunction> function, Initializer initializer) {
        checkName(name);
        if (builtIn(name, null) != null) {
            throw new IllegalArgumentException("activation '" + name + "' is built in; register it under another name");
        }
        REGISTERED.put(name, new Registered(Objects.requireNonNull(function, "function"),
                Objects.requireNonNull(initializer, "initializer")));
    }

    /**
     * Removes a registered activation (specs naming it stop parsing); returns whether it was there.
     *
     * @param name the registered name
     * @return {@code true} if it was registered; {@code false} if not (built-ins cannot be removed)
     */
    public static boolean unregister(String name) {
        return REGISTERED.remove(name) != null;
    }

    private static void checkName(String name) {
        if (name == null || !name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("activation name '" + name + "': expected a lower-case identifier "
                    + "such as 'swish'");
        }
    }

    /**
     * {@code f(z) = z}.
     *
     * @return the identity activation, Xavier/Glorot initialised
     */
    public static Activation identity() {
        return elementwise(new Identity(), "identity", Initializers.xavierUniform());
    }

    /**
     * {@code σ(z) = 1/(1+e^(−z))}.
     *
     * @return the sigmoid activation, Xavier/Glorot initialised
     */
    public static Activation sigmoid() {
        return elementwise(new Sigmoid(), "sigmoid", Initializers.xavierUniform());
    }

    /**
     * {@code tanh(z)}.
     *
     * @return the tanh activation, Xavier/Glorot initialised
     */
    public static Activation tanh() {
        return elementwise(new Tanh(), "tanh", Initializers.xavierUniform());
    }

    /**
     * {@code max(0, z)}.
     *
     * @return the ReLU activation, He initialised
     */
    public static Activation relu() {
        return elementwise(new Relu(), "relu", Initializers.heUniform());
    }

    /**
     * Leaky ReLU with the given negative slope.
     *
     * @param slope the slope {@code f(z) = slope·z} for {@code z ≤ 0}: finite, {@code ≥ 0}, usually 0.01
     * @return the leaky ReLU activation, He initialised
     * @throws IllegalArgumentException if {@code slope} is negative or not finite
     */
    public static Activation leakyRelu(double slope) {
        return elementwise(new LeakyRelu(slope), "leaky_relu(" + slope + ")", Initializers.heUniform());
    }

    /**
     * ELU with the given α.
     *
     * @param alpha the saturation level {@code −α} for negative inputs, finite, {@code > 0}, usually 1
     * @return the ELU activation, He initialised
     * @throws IllegalArgumentException if {@code alpha} is not a finite number {@code > 0}
     */
    public static Activation elu(double alpha) {
        return elementwise(new Elu(alpha), "elu(" + alpha + ")", Initializers.heUniform());
    }

    /**
     * GELU, exact form.
     *
     * @return the GELU activation {@code z·Φ(z)}, He initialised
     */
    public static Activation gelu() {
        return elementwise(new Gelu(), "gelu", Initializers.heUniform());
    }

    /**
     * {@code ln(1 + e^z)}.
     *
     * @return the softplus activation, Xavier/Glorot initialised
     */
    public static Activation softplus() {
        return elementwise(new Softplus(), "softplus", Initializers.xavierUniform());
    }

    /**
     * Softmax over each row.
     *
     * @return the row-wise softmax activation, Xavier/Glorot initialised
     */
    public static Activation softmax() {
        return new Activation(Kind.SOFTMAX, null, Softmax.ROWS, "softmax", Initializers.xavierUniform());
    }

    /**
     * Log-softmax over each row.
     *
     * @return the row-wise log-softmax activation, Xavier/Glorot initialised
     */
    public static Activation logSoftmax() {
        return new Activation(Kind.LOG_SOFTMAX, null, LogSoftmax.ROWS, "log_softmax", Initializers.xavierUniform());
    }

    /**
     * Parses a name as written in a network spec ({@code relu}, {@code leaky_relu(0.2)}, …).
     *
     * @param text the name, case-insensitive, optionally followed by one number in parentheses for
     *         {@code leaky_relu} and {@code elu}; built-ins first, then registered names
     * @return a new activation ({@link #toString()} gives back the normalised spec text)
     * @throws IllegalArgumentException naming the text and listing the known names
     */
    public static Activation parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        String name = t;
        Double arg = null;
        int open = t.indexOf('(');
        if (open >= 0) {
            if (!t.endsWith(")")) {
                throw new IllegalArgumentException("activation '" + text + "': missing ')'");
            }
            name = t.substring(0, open).trim();
            String inside = t.substring(open + 1, t.length() - 1).trim();
            try {
                arg = Double.parseDouble(inside);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("activation '" + text + "': parameter '" + inside + "' is not a number");
            }
        }
        Activation a = builtIn(name, arg);
        if (a == null) {
            Registered r = REGISTERED.get(name);
            if (r == null) {
                throw new IllegalArgumentException("unknown activation '" + text + "'; expected one of identity, sigmoid, "
                        + "tanh, relu, leaky_relu[(slope)], elu[(alpha)], gelu, softplus, softmax, log_softmax"
                        + (REGISTERED.isEmpty() ? "" : ", " + String.join(", ", new java.util.TreeSet<>(REGISTERED.keySet())))
                        + " (register your own with Activation.register)");
            }
            a = elementwise(r.function().get(), name, r.initializer());
        }
        if (arg != null && !name.startsWith("leaky") && !name.equals("elu")) {
            throw new IllegalArgumentException("activation '" + text + "': " + name + " takes no parameter");
        }
        return a;
    }

    /** The built-in activation called {@code name} (with its parameter, if any), or {@code null}. */
    private static Activation builtIn(String name, Double arg) {
        switch (name) {
            case "identity": case "linear": case "none": return identity();
            case "sigmoid": case "logistic": return sigmoid();
            case "tanh": return tanh();
            case "relu": return relu();
            case "leaky_relu": case "leakyrelu": return leakyRelu(arg == null ? 0.01 : arg);
            case "elu": return elu(arg == null ? 1.0 : arg);
            case "gelu": return gelu();
            case "softplus": return softplus();
            case "softmax": return softmax();
            case "log_softmax": case "logsoftmax": return logSoftmax();
            default: return null;
        }
    }

    /**
     * Applies the activation to a pre-activation {@code z}, recording the graph.
     *
     * @param z the pre-activation: any shape for an elementwise activation, {@code [rows, classes]} (last
     *         axis normalised) for softmax and log-softmax
     * @return the new graph node {@code f(z)}, shaped like {@code z}
     */
    public Variable apply(Variable z) {
        switch (kind) {
            case SOFTMAX: return new Softmax().apply(z);
            case LOG_SOFTMAX: return new LogSoftmax().apply(z);
            default: return new Elementwise(function).apply(z);
        }
    }

    /**
     * Elementwise or row-wise.
     *
     * @return {@link Kind#ELEMENTWISE}, {@link Kind#SOFTMAX} or {@link Kind#LOG_SOFTMAX}
     */
    public Kind kind() {
        return kind;
    }

    /**
     * The scalar function of an elementwise activation.
     *
     * @return the immutable scalar rule and derivative
     * @throws IllegalStateException for softmax and log-softmax, which are not elementwise
     */
    public ElementwiseFunction function() {
        if (function == null) {
            throw new IllegalStateException(spec + " is not an elementwise function");
        }
        return function;
    }

    /**
     * The base name: {@code relu}, {@code leaky_relu}, {@code softmax}, …
     *
     * @return the spec text without its parameter, lower case
     */
    public String name() {
        int open = spec.indexOf('(');
        return open < 0 ? spec : spec.substring(0, open);
    }

    /**
     * The row kernel the fused engine and the predictor run: forward {@code a = f(z)} and backward
     * {@code g ← g·∂a/∂z} over float rows — the same code the graph op runs on float32 tensors.
     *
     * @return the row kernel, stateless and safe to share between threads
     */
    public RowKernel kernel() {
        return kernel;
    }

    /**
     * The initialiser that suits this activation: He for the ReLU family, Xavier/Glorot otherwise.
     *
     * @return the initialiser layers with this activation use when none is given
     */
    public Initializer defaultInitializer() {
        return initializer;
    }

    /** The spec text, which {@link #parse} reads back: {@code relu}, {@code leaky_relu(0.01)}. */
    @Override
    public String toString() {
        return spec;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Activation && ((Activation) o).spec.equals(spec);
    }

    @Override
    public int hashCode() {
        return Objects.hash(spec);
    }
}
