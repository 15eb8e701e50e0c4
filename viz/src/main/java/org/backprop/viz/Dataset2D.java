package org.backprop.viz;

import java.util.Locale;

import org.backprop.random.Rng;

/**
 * The playground's two-class datasets in the plane, after TensorFlow Playground: points in
 * {@code [-6, 6]²} (before noise) labelled 0 or 1. {@code noise} in {@code [0, 0.5]} blurs the classes.
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
    MOONS;

    /** The lower-case name used by the page and the command line. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses {@code circle}, {@code xor}, {@code gaussian}, {@code spiral} or {@code moons}.
     *
     * @throws IllegalArgumentException naming the known datasets
     */
    public static Dataset2D parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dataset '" + name + "'; expected circle, xor, gaussian, spiral or moons");
        }
    }

    /**
     * {@code n} points: {@code points[i] = {x, y}} and {@code labels[i] ∈ {0, 1}}, half of each class,
     * drawn from {@code rng}.
     *
     * @param n     number of points, at least 2
     * @param noise 0 (clean) to 0.5 (very noisy)
     * @return {@code {points, labels}} as a {@link Points} record
     */
    public Points generate(int n, double noise, Rng rng) {
        if (n < 2) {
            throw new IllegalArgumentException("dataset: need at least 2 points, got " + n);
        }
        if (!(noise >= 0 && noise <= 0.5)) {
            throw new IllegalArgumentException("dataset: noise must be in [0, 0.5], got " + noise);
        }
        double[][] p = new double[n][2];
        int[] label = new int[n];
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
                default: {
                    double t = rng.uniform(0, Math.PI);
                    double mx = c == 1 ? Math.cos(t) : 1 - Math.cos(t);
                    double my = c == 1 ? Math.sin(t) : 0.5 - Math.sin(t);
                    x = (mx - 0.5) * 3.5 + rng.nextGaussian() * noise * 2;
                    y = (my - 0.25) * 3.5 + rng.nextGaussian() * noise * 2;
                    break;
                }
            }
            p[i][0] = x;
            p[i][1] = y;
        }
        return new Points(p, label);
    }

    /**
     * Labelled points.
     *
     * @param xy     {@code [n][2]}
     * @param labels {@code [n]}, 0 or 1
     */
    public record Points(double[][] xy, int[] labels) {
        /** The number of points. */
        public int size() {
            return labels.length;
        }
    }
}
