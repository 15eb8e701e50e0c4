package org.backprop.viz;

import java.util.Locale;

import org.backprop.data.Task;
import org.backprop.random.Rng;

/**
 * The playground's datasets in the plane, after TensorFlow Playground: points in {@code [-6, 6]²}
 * (before noise). Five are two-class problems, points labelled 0 or 1, where {@code noise} in
 * {@code [0, 0.5]} blurs the classes; two are regression problems, where each point has a target
 * value {@code y = f(x₁, x₂)} ({@link #target}), about {@code [-1, 1]}, and {@code noise} moves the
 * place {@code f} is read at: {@code y = f(x₁ + 6·u₁·noise, x₂ + 6·u₂·noise)} with {@code uᵢ} uniform in
 * {@code [-1, 1]}, the point staying at {@code (x₁, x₂)} (as TensorFlow Playground does).
 */
public enum Dataset2D {
    /** Class 1 inside radius 2.5, class 0 in the ring from 3.5 to 5. */
    CIRCLE,
    /** Class 1 in the first and third quadrants, class 0 in the others. */
    XOR,
    /** Two Gaussian blobs around (2, 2) (class 1) and (−2, −2) (class 0). */
    GAUSSIAN,
    /** Two interleaved spirals. */
    SPIRAL,
    /** Two interleaved half circles. */
    MOONS,
    /** Regression: points uniform in {@code [-6, 6]²}, {@code y = (x₁ + x₂)/10}, a tilted plane. */
    PLANE,
    /**
     * Regression: points uniform in {@code [-6, 6]²}; six bumps of sign {@code sᵢ} at {@code cᵢ = (−4, 2.5)+, (0, 2.5)−,
     * (4, 2.5)+, (−4, −2.5)−, (0, −2.5)+, (4, −2.5)−}, each {@code sᵢ·max(0, 1 − ‖x − cᵢ‖/2)}; {@code y} is the one
     * largest in absolute value (0 away from every bump).
     */
    MULTI_GAUSSIAN;

    /** The centres and signs of {@link #MULTI_GAUSSIAN}'s bumps: {@code {x₁, x₂, sign}}. */
    private static final double[][] BUMPS = {{-4, 2.5, 1}, {0, 2.5, -1}, {4, 2.5, 1}, {-4, -2.5, -1}, {0, -2.5, 1},
        {4, -2.5, -1}};
    /** Half the side of the square regression points are drawn from. */
    private static final double RADIUS = 6;

    /**
     * The lower-case name used by the page and the command line.
     *
     * @return such as {@code circle} or {@code multi_gaussian}; {@link #parse} reads it back
     */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Classification (labels 0 and 1) or regression (a value per point).
     *
     * @return {@link Task#REGRESSION} for {@link #PLANE} and {@link #MULTI_GAUSSIAN}, else
     *         {@link Task#CLASSIFICATION}
     */
    public Task task() {
        return this == PLANE || this == MULTI_GAUSSIAN ? Task.REGRESSION : Task.CLASSIFICATION;
    }

    /**
     * The first dataset of {@code task}: circle for classification, plane for regression.
     *
     * @param task the task
     * @return {@link #CIRCLE} or {@link #PLANE}
     * @throws IllegalArgumentException if {@code task} is {@code null}
     */
    public static Dataset2D first(Task task) {
        for (Dataset2D d : values()) {
            if (d.task() == task) {
                return d;
            }
        }
        throw new IllegalArgumentException("no dataset for " + task);
    }

    /**
     * Parses {@code circle}, {@code xor}, {@code gaussian}, {@code spiral}, {@code moons}, {@code plane} or
     * {@code multi_gaussian}.
     *
     * @param name the name, in any case, surrounding blanks ignored
     * @return the dataset
     * @throws IllegalArgumentException naming the known datasets
     * @throws NullPointerException     if {@code name} is {@code null}
     */
    public static Dataset2D parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dataset '" + name
                    + "'; expected circle, xor, gaussian, spiral, moons, plane or multi_gaussian");
        }
    }

    /**
     * The noiseless target of a regression dataset at {@code (x1, x2)}: {@code (x₁ + x₂)/10} for
     * {@link #PLANE}; for {@link #MULTI_GAUSSIAN}, of the bumps {@code sᵢ·max(0, 1 − ‖x − cᵢ‖/2)} the one
     * largest in absolute value.
     *
     * @param x1 the first coordinate
     * @param x2 the second coordinate
     * @return the target, in {@code [-1.2, 1.2]} for points in {@code [-6, 6]²}
     * @throws IllegalStateException for a classification dataset
     */
    public double target(double x1, double x2) {
        if (this == PLANE) {
            return (x1 + x2) / 10;
        }
        if (this != MULTI_GAUSSIAN) {
            throw new IllegalStateException(id() + " is a classification dataset: its points have labels, not values");
        }
        double y = 0;
        for (double[] b : BUMPS) {
            double v = b[2] * Math.max(0, 1 - Math.hypot(x1 - b[0], x2 - b[1]) / 2);
            if (Math.abs(v) > Math.abs(y)) {
                y = v;
            }
        }
        return y;
    }

    /**
     * {@code n} points drawn from {@code rng}: {@code xy[i] = {x₁, x₂}} and, for classification,
     * {@code targets[i] ∈ {0, 1}}, half of each class; for regression the value at the point (see the
     * class comment for the noise).
     *
     * @param n     number of points, at least 2
     * @param noise 0 (clean) to 0.5 (very noisy)
     * @param rng   the random source; advanced (the same seed gives the same points)
     * @return the points and their targets, new arrays
     * @throws IllegalArgumentException if {@code n} is below 2 or {@code noise} is outside {@code [0, 0.5]}
     */
    public Points generate(int n, double noise, Rng rng) {
        if (n < 2) {
            throw new IllegalArgumentException("dataset: need at least 2 points, got " + n);
        }
        if (!(noise >= 0 && noise <= 0.5)) {
            throw new IllegalArgumentException("dataset: noise must be in [0, 0.5], got " + noise);
        }
        double[][] p = new double[n][2];
        double[] label = new double[n];
        if (task() == Task.REGRESSION) {
            for (int i = 0; i < n; i++) {
                double x = rng.uniform(-RADIUS, RADIUS);
                double y = rng.uniform(-RADIUS, RADIUS);
                double noiseX = rng.uniform(-RADIUS, RADIUS) * noise;
                double noiseY = rng.uniform(-RADIUS, RADIUS) * noise;
                p[i][0] = x;
                p[i][1] = y;
                label[i] = target(x + noiseX, y + noiseY);
            }
            return new Points(p, label);
        }
        for (int i = 0; i < n; i++) {
            int c = i % 2 == 0 ? 1 : 0;
            label[i] = c;
            double x;
            double y;
            switch (this) {
                case CIRCLE: {
                    double r = c == 1 ? rng.uniform(0, 2.5) : rng.uniform(3.5, 5);
                    double t = rng.uniform(0, 2 * Math.PI);
                    x = r * Math.sin(t) + rng.uniform(-5, 5) * noise;
                    y = r * Math.cos(t) + rng.uniform(-5, 5) * noise;
                    break;
                }
                case XOR: {
                    double px = rng.uniform(0.3, 5);
                    double py = rng.uniform(0.3, 5);
                    boolean firstOrThird = c == 1;
                    boolean flip = rng.nextDouble() < 0.5;
                    x = flip ? px : -px;
                    y = firstOrThird == flip ? py : -py;
                    x += rng.uniform(-5, 5) * noise;
                    y += rng.uniform(-5, 5) * noise;
                    break;
                }
                case GAUSSIAN: {
                    double sd = 0.7 + 3 * noise;
                    double centre = c == 1 ? 2 : -2;
                    x = centre + sd * rng.nextGaussian();
                    y = centre + sd * rng.nextGaussian();
                    break;
                }
                case SPIRAL: {
                    int k = i / 2;
                    int half = (n + 1) / 2;
                    double r = 5.0 * k / half;
                    double t = 1.75 * k / half * 2 * Math.PI + (c == 1 ? 0 : Math.PI);
                    x = r * Math.sin(t) + rng.uniform(-1, 1) * noise * 5;
                    y = r * Math.cos(t) + rng.uniform(-1, 1) * noise * 5;
                    break;
                }
                case MOONS: {
                    double t = rng.uniform(0, Math.PI);
                    double mx = c == 1 ? Math.cos(t) : 1 - Math.cos(t);
                    double my = c == 1 ? Math.sin(t) : 0.5 - Math.sin(t);
                    x = (mx - 0.5) * 3.5 + rng.nextGaussian() * noise * 2;
                    y = (my - 0.25) * 3.5 + rng.nextGaussian() * noise * 2;
                    break;
                }
                default:
                    throw new IllegalStateException(id() + " is not a classification dataset");
            }
            p[i][0] = x;
            p[i][1] = y;
        }
        return new Points(p, label);
    }

    /**
     * Points and their targets.
     *
     * @param xy      {@code [n][2]}, in the plot's units
     * @param targets {@code [n]}: the class, 0 or 1, or the regression value
     */
    public record Points(double[][] xy, double[] targets) {
        /**
         * The number of points.
         *
         * @return {@code targets().length}
         */
        public int size() {
            return targets.length;
        }

        /**
         * The targets as class indices (for a classification dataset).
         *
         * @return a new array, each target cast to {@code int} (a regression value is truncated towards 0)
         */
        public int[] labels() {
            int[] l = new int[targets.length];
            for (int i = 0; i < l.length; i++) {
                l[i] = (int) targets[i];
            }
            return l;
        }
    }
}
