package org.backprop.nn;

/**
 * The usual weight initialisers. The variance-scaling ones keep the size of activations (Xavier)
 * or of ReLU activations (He) roughly constant from layer to layer, so that signals and gradients
 * neither vanish nor explode at the start of training.
 *
 * <ul>
 *   <li>Xavier/Glorot: {@code Var(w) = 2 / (fanIn + fanOut)}; uniform on {@code ±√(6/(fanIn+fanOut))}.
 *   <li>He/Kaiming: {@code Var(w) = 2 / fanIn} (ReLU zeroes half of its inputs); uniform on {@code ±√(6/fanIn)}.
 * </ul>
 */
public final class Initializers {
    private Initializers() {
    }

    /**
     * All zeros (biases; weights only for demonstrations: symmetric neurons never differ).
     *
     * @return an initialiser that fills with 0
     */
    public static Initializer zeros() {
        return constant(0);
    }

    /**
     * Every element {@code value}.
     *
     * @param value the value of every element
     * @return an initialiser that fills with {@code value}, ignoring the fan sizes and the generator
     */
    public static Initializer constant(double value) {
        return (w, fanIn, fanOut, rng) -> w.fill(value);
    }

    /**
     * Uniform on {@code [low, high)}.
     *
     * @param low the lower bound, inclusive
     * @param high the upper bound, exclusive
     * @return an initialiser drawing each element independently from {@code U[low, high)}
     * @throws IllegalArgumentException unless {@code low < high}
     */
    public static Initializer uniform(double low, double high) {
        if (!(low < high)) {
            throw new IllegalArgumentException("uniform initialiser: need low < high, got low " + low + ", high " + high);
        }
        return (w, fanIn, fanOut, rng) -> {
            for (int i = 0; i < w.size(); i++) {
                w.set(i, rng.uniform(low, high));
            }
        };
    }

    /**
     * Normal with the given mean and standard deviation.
     *
     * @param mean the mean of the distribution
     * @param std the standard deviation, finite and {@code ≥ 0}
     * @return an initialiser drawing each element independently from {@code N(mean, std²)}
     * @throws IllegalArgumentException if {@code std} is negative or not finite
     */
    public static Initializer normal(double mean, double std) {
        if (!(std >= 0) || Double.isInfinite(std)) {
            throw new IllegalArgumentException("normal initialiser: std must be a finite number ≥ 0, got " + std);
        }
        return (w, fanIn, fanOut, rng) -> {
            for (int i = 0; i < w.size(); i++) {
                w.set(i, mean + std * rng.nextGaussian());
            }
        };
    }

    /**
     * Xavier/Glorot uniform: {@code U(±√(6/(fanIn+fanOut)))}.
     *
     * @return an initialiser drawing from {@code U(−√(6/(fanIn+fanOut)), √(6/(fanIn+fanOut)))}
     */
    public static Initializer xavierUniform() {
        return (w, fanIn, fanOut, rng) -> uniform(-limit(6.0 / (fanIn + fanOut)), limit(6.0 / (fanIn + fanOut)))
                .initialize(w, fanIn, fanOut, rng);
    }

    /**
     * Xavier/Glorot normal: {@code N(0, 2/(fanIn+fanOut))}.
     *
     * @return an initialiser drawing from the normal distribution with mean 0 and standard deviation
     *         {@code √(2/(fanIn+fanOut))}
     */
    public static Initializer xavierNormal() {
        return (w, fanIn, fanOut, rng) -> normal(0, Math.sqrt(2.0 / (fanIn + fanOut))).initialize(w, fanIn, fanOut, rng);
    }

    /**
     * He/Kaiming uniform: {@code U(±√(6/fanIn))}.
     *
     * @return an initialiser drawing from {@code U(−√(6/fanIn), √(6/fanIn))}
     */
    public static Initializer heUniform() {
        return (w, fanIn, fanOut, rng) -> uniform(-limit(6.0 / fanIn), limit(6.0 / fanIn)).initialize(w, fanIn, fanOut, rng);
    }

    /**
     * He/Kaiming normal: {@code N(0, 2/fanIn)}.
     *
     * @return an initialiser drawing from the normal distribution with mean 0 and standard deviation
     *         {@code √(2/fanIn)}
     */
    public static Initializer heNormal() {
        return (w, fanIn, fanOut, rng) -> normal(0, Math.sqrt(2.0 / fanIn)).initialize(w, fanIn, fanOut, rng);
    }

    private static double limit(double variance6) {
        return Math.sqrt(variance6);
    }

    /**
     * An initialiser by name: {@code zeros}, {@code uniform}, {@code normal} (σ = 0.01),
     * {@code xavier_uniform}, {@code xavier_normal}, {@code he_uniform}, {@code he_normal}.
     *
     * @param name the name, case-insensitive, surrounding blanks ignored; aliases {@code xavier},
     *         {@code glorot_uniform}, {@code glorot_normal}, {@code he}, {@code kaiming_uniform},
     *         {@code kaiming_normal} are accepted
     * @return the initialiser
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Initializer forName(String name) {
        return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "zeros" -> zeros();
            case "uniform" -> uniform(-0.05, 0.05);
            case "normal" -> normal(0, 0.01);
            case "xavier_uniform", "glorot_uniform", "xavier" -> xavierUniform();
            case "xavier_normal", "glorot_normal" -> xavierNormal();
            case "he_uniform", "kaiming_uniform", "he" -> heUniform();
            case "he_normal", "kaiming_normal" -> heNormal();
            default -> throw new IllegalArgumentException("unknown initialiser '" + name + "'; expected one of zeros, "
                    + "uniform, normal, xavier_uniform, xavier_normal, he_uniform, he_normal");
        };
    }
}
