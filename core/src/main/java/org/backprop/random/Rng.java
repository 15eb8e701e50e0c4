package org.backprop.random;

/**
 * The one source of randomness in Backprop, always passed explicitly and always seeded.
 *
 * <p>It is SplitMix64 (Steele, Lea and Flood, 2014), written out here rather than taken from
 * {@code java.util.SplittableRandom}, together with its own normal-deviate method: the JDK's
 * algorithms for {@code nextGaussian} are not specified and may change between releases, and a
 * given seed must give the same network on every JDK, forever.
 *
 * <p>Each step adds the odd constant γ = {@code 0x9e3779b97f4a7c15} to a 64-bit counter and
 * returns a mix of the counter: with {@code s ← s + γ (mod 2^64)},
 * {@code z = (s ^ (s >>> 30)) · 0xbf58476d1ce4e5b9}, {@code z = (z ^ (z >>> 27)) · 0x94d049bb133111eb},
 * the output is {@code z ^ (z >>> 31)}. Doubles take the top 53 bits times 2^-53; normal deviates
 * come in pairs from Marsaglia's polar method.
 *
 * <p>Not thread-safe: give each thread its own generator with {@link #fork(long)}.
 */
public final class Rng {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;
    private long state;
    private double spareGaussian;
    private boolean hasSpare;

    /**
     * A generator whose whole sequence is determined by {@code seed}.
     *
     * @param seed any 64-bit value (0 and negative numbers included); it is the initial counter, so
     *             equal seeds give equal sequences
     */
    public Rng(long seed) {
        this.state = seed;
    }

    /**
     * Everything that determines the rest of a generator's sequence, to save with a checkpoint.
     *
     * @param state         the SplitMix64 counter
     * @param spareGaussian the second normal deviate of the last pair, when {@code hasSpare}
     * @param hasSpare      whether {@code spareGaussian} is pending
     */
    public record State(long state, double spareGaussian, boolean hasSpare) {
    }

    /**
     * This generator's state now: a generator {@link #restore restored} to it continues identically.
     *
     * @return a new immutable snapshot; later draws from this generator do not change it
     */
    public State state() {
        return new State(state, spareGaussian, hasSpare);
    }

    /**
     * Puts the generator back into {@code saved}, so its next numbers are those that followed it.
     *
     * @param saved a snapshot taken by {@link #state()} (of this or any generator); not null
     * @throws NullPointerException if {@code saved} is null
     */
    public void restore(State saved) {
        this.state = saved.state();
        this.spareGaussian = saved.spareGaussian();
        this.hasSpare = saved.hasSpare();
    }

    /**
     * The next 64 random bits.
     *
     * @return a uniformly distributed {@code long}, any value of the full 64-bit range
     */
    public long nextLong() {
        long z = (state += GOLDEN_GAMMA);
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /**
     * Uniform in {@code [0, 1)} with 53 random bits: {@code (nextLong() >>> 11) · 2^-53}.
     *
     * @return a multiple of 2^-53 in {@code [0, 1)}; consumes one {@link #nextLong()}
     */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Uniform in {@code [lo, hi)}: {@code lo + (hi - lo) · nextDouble()}.
     *
     * @param lo the lower bound, included
     * @param hi the upper bound, excluded; not checked against {@code lo} (with {@code hi < lo} the
     *           value lies in {@code (hi, lo]})
     * @return the uniform value; consumes one {@link #nextLong()}
     */
    public double uniform(double lo, double hi) {
        return lo + (hi - lo) * nextDouble();
    }

    /**
     * Uniform integer in {@code [0, bound)}, without modulo bias (Lemire's method).
     *
     * @param bound the number of possible values, at least 1
     * @return an integer in {@code [0, bound)}, each equally likely; may consume more than one
     *         {@link #nextLong()} (rejection sampling)
     * @throws IllegalArgumentException if {@code bound < 1}
     */
    public int nextInt(int bound) {
        if (bound < 1) {
            throw new IllegalArgumentException("nextInt: bound must be at least 1, got " + bound);
        }
        long threshold = (1L << 32) % bound;
        while (true) {
            long r = nextLong() >>> 32;
            long product = r * bound;
            if ((product & 0xffffffffL) >= threshold) {
                return (int) (product >>> 32);
            }
        }
    }

    /**
     * A standard normal deviate (mean 0, variance 1), by Marsaglia's polar method: draw
     * {@code u, v} uniform in {@code (-1, 1)} until {@code 0 < s = u² + v² < 1}, then
     * {@code u·√(-2 ln s / s)} is returned now and {@code v·√(-2 ln s / s)} on the next call.
     *
     * @return a finite normal deviate
     */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spareGaussian;
        }
        double u;
        double v;
        double s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double factor = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * factor;
        hasSpare = true;
        return u * factor;
    }

    /**
     * Shuffles {@code values} in place (Fisher–Yates, from the last index down), so that every
     * permutation is equally likely.
     *
     * @param values the array to permute, modified in place; not null (an empty array is left alone)
     */
    public void shuffle(int[] values) {
        for (int i = values.length - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = values[i];
            values[i] = values[j];
            values[j] = t;
        }
    }

    /**
     * The identity permutation {@code 0 … n-1}, shuffled with {@link #shuffle(int[])}.
     *
     * @param n the length, at least 0
     * @return a new array of length {@code n} holding each of {@code 0 … n-1} once
     * @throws NegativeArraySizeException if {@code n < 0}
     */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffle(p);
        return p;
    }

    /**
     * An independent generator for sub-stream {@code stream}, derived from this one's current state
     * without advancing it: the same parent state and stream number always give the same child.
     *
     * @param stream the sub-stream number (for example a thread or worker index); different numbers
     *               give different, statistically independent children
     * @return a new generator owned by the caller; drawing from it leaves this one unchanged
     */
    public Rng fork(long stream) {
        Rng mixer = new Rng(state ^ (stream * GOLDEN_GAMMA + 0x632be59bd9b4e019L));
        return new Rng(mixer.nextLong());
    }
}
