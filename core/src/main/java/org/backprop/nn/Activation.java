package org.backprop.nn;

import java.util.Locale;
import java.util.Objects;
import org.backprop.autograd.Variable;
import org.backprop.autograd.ops.Elementwise;
import org.backprop.autograd.ops.ElementwiseFunction;
import org.backprop.autograd.ops.Elu;
import org.backprop.autograd.ops.Gelu;
import org.backprop.autograd.ops.Identity;
import org.backprop.autograd.ops.LeakyRelu;
import org.backprop.autograd.ops.LogSoftmax;
import org.backprop.autograd.ops.Relu;
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
 */
public final class Activation {

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
    private final String spec;

    private Activation(Kind kind, ElementwiseFunction function, String spec) {
        this.kind = kind;
        this.function = function;
        this.spec = spec;
    }

    /** {@code f(z) = z}. */
    public static Activation identity() {
        return new Activation(Kind.ELEMENTWISE, new Identity(), "identity");
    }

    /** {@code σ(z) = 1/(1+e^(−z))}. */
    public static Activation sigmoid() {
        return new Activation(Kind.ELEMENTWISE, new Sigmoid(), "sigmoid");
    }

    /** {@code tanh(z)}. */
    public static Activation tanh() {
        return new Activation(Kind.ELEMENTWISE, new Tanh(), "tanh");
    }

    /** {@code max(0, z)}. */
    public static Activation relu() {
        return new Activation(Kind.ELEMENTWISE, new Relu(), "relu");
    }

    /** Leaky ReLU with the given negative slope. */
    public static Activation leakyRelu(double slope) {
        return new Activation(Kind.ELEMENTWISE, new LeakyRelu(slope), "leaky_relu(" + slope + ")");
    }

    /** ELU with the given α. */
    public static Activation elu(double alpha) {
        return new Activation(Kind.ELEMENTWISE, new Elu(alpha), "elu(" + alpha + ")");
    }

    /** GELU, exact form. */
    public static Activation gelu() {
        return new Activation(Kind.ELEMENTWISE, new Gelu(), "gelu");
    }

    /** {@code ln(1 + e^z)}. */
    public static Activation softplus() {
        return new Activation(Kind.ELEMENTWISE, new Softplus(), "softplus");
    }

    /** Softmax over each row. */
    public static Activation softmax() {
        return new Activation(Kind.SOFTMAX, null, "softmax");
    }

    /** Log-softmax over each row. */
    public static Activation logSoftmax() {
        return new Activation(Kind.LOG_SOFTMAX, null, "log_softmax");
    }

    /**
     * Parses a name as written in a network spec ({@code relu}, {@code leaky_relu(0.2)}, …).
     *
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
        Activation a;
        switch (name) {
            case "identity": case "linear": case "none": a = identity(); break;
            case "sigmoid": case "logistic": a = sigmoid(); break;
            case "tanh": a = tanh(); break;
            case "relu": a = relu(); break;
            case "leaky_relu": case "leakyrelu": a = leakyRelu(arg == null ? 0.01 : arg); break;
            case "elu": a = elu(arg == null ? 1.0 : arg); break;
            case "gelu": a = gelu(); break;
            case "softplus": a = softplus(); break;
            case "softmax": a = softmax(); break;
            case "log_softmax": case "logsoftmax": a = logSoftmax(); break;
            default:
                throw new IllegalArgumentException("unknown activation '" + text + "'; expected one of identity, sigmoid, "
                        + "tanh, relu, leaky_relu[(slope)], elu[(alpha)], gelu, softplus, softmax, log_softmax");
        }
        if (arg != null && !name.startsWith("leaky") && !name.equals("elu")) {
            throw new IllegalArgumentException("activation '" + text + "': " + name + " takes no parameter");
        }
        return a;
    }

    /** Applies the activation to a pre-activation {@code z}, recording the graph. */
    public Variable apply(Variable z) {
        switch (kind) {
            case SOFTMAX: return new Softmax().apply(z);
            case LOG_SOFTMAX: return new LogSoftmax().apply(z);
            default: return new Elementwise(function).apply(z);
        }
    }

    /** Elementwise or row-wise. */
    public Kind kind() {
        return kind;
    }

    /**
     * The scalar function of an elementwise activation.
     *
     * @throws IllegalStateException for softmax and log-softmax, which are not elementwise
     */
    public ElementwiseFunction function() {
        if (function == null) {
            throw new IllegalStateException(spec + " is not an elementwise function");
        }
        return function;
    }

    /** The base name: {@code relu}, {@code leaky_relu}, {@code softmax}, … */
    public String name() {
        int open = spec.indexOf('(');
        return open < 0 ? spec : spec.substring(0, open);
    }

    /** The initialiser that suits this activation: He for the ReLU family, Xavier/Glorot otherwise. */
    public Initializer defaultInitializer() {
        switch (name()) {
            case "relu": case "leaky_relu": case "elu": case "gelu":
                return Initializers.heUniform();
            default:
                return Initializers.xavierUniform();
        }
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
