package org.backprop.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.backprop.random.Rng;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * Datasets that need no file: small synthetic problems drawn from an {@link Rng} (the same seed
 * gives the same points) and two real ones bundled as resources (Iris and the 8×8 digits; see the
 * {@code README.md} beside them for their sources and licences).
 *
 * <p>On the command line they are written {@code builtin:NAME}, such as {@code builtin:spirals}.
 */
public enum BuiltinDataset {
    /** 400 points around the four corners (±1, ±1), σ = 0.25; class 1 where the signs differ (XOR). */
    XOR("xor", "400 points near the corners of a square; class = sign(x) XOR sign(y)"),
    /** Two interleaved spirals of 500 points each, 1.75 turns, σ = 0.02: not linearly separable. */
    SPIRALS("spirals", "two interleaved spirals, 1000 points, 2 classes"),
    /** A disc (r = 0.5) inside a ring (r = 1), 500 points, σ = 0.05. */
    CIRCLES("circles", "a disc inside a ring, 500 points, 2 classes"),
    /** Two interleaving half-moons, 500 points, σ = 0.1 (as scikit-learn's make_moons). */
    MOONS("moons", "two interleaving half-moons, 500 points, 2 classes"),
    /** Three Gaussian blobs (σ = 1) centred at (−3, 0), (3, 0), (0, 4), 600 points. */
    BLOBS("blobs", "three Gaussian blobs, 600 points, 3 classes"),
    /** Regression: {@code y = sin(x) + ε}, x uniform in [−π, π], ε ~ N(0, 0.05²), 1000 points. */
    SINE("sine", "regression: y = sin(x) + noise (σ 0.05), 1000 points"),
    /** Fisher's Iris: 150 flowers, 4 measurements, 3 species. */
    IRIS("iris", "Fisher's Iris: 150 flowers, 4 features, 3 species"),
    /** The UCI 8×8 handwritten digits: 1797 images of 64 pixels (0 … 16), 10 classes. */
    DIGITS("digits", "8x8 handwritten digits: 1797 images, 64 pixels, 10 classes");

    private final String id;
    private final String description;

    BuiltinDataset(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /**
     * The name after {@code builtin:}.
     *
     * @return the lower-case identifier, such as {@code "spirals"}
     */
    public String id() {
        return id;
    }

    /**
     * One line on what it is.
     *
     * @return a short description with the point count and the number of classes, for listings
     */
    public String description() {
        return description;
    }

    /**
     * The dataset {@code builtin:NAME} by its name ({@code digits8x8} is accepted for {@code digits}).
     *
     * @param name the name without {@code builtin:}, case-insensitive, surrounding white space ignored;
     *             not null
     * @return the dataset constant, never null
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static BuiltinDataset forName(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        if (n.equals("digits8x8")) {
            return DIGITS;
        }
        for (BuiltinDataset b : values()) {
            if (b.id.equals(n)) {
                return b;
            }
        }
        throw new IllegalArgumentException("unknown built-in dataset '" + name + "'; expected one of " + names());
    }

    /**
     * The names, comma-separated.
     *
     * @return every {@link #id()} in declaration order, joined by {@code ", "}
     */
    public static String names() {
        List<String> out = new ArrayList<>();
        for (BuiltinDataset b : values()) {
            out.add(b.id);
        }
        return String.join(", ", out);
    }

    /**
     * Makes the dataset; the synthetic ones draw their points from {@code rng}.
     *
     * @param rng the generator the synthetic datasets draw their points (and noise) from, advanced by
     *            the draw; {@link #IRIS} and {@link #DIGITS} read their bundled file and do not use it
     * @return a new dataset named after {@link #id()}, rows in a fixed order (the synthetic ones
     *         alternate classes), owned by the caller
     * @throws IllegalStateException if a bundled resource is missing from the jar
     * @throws java.io.UncheckedIOException if a bundled resource cannot be read
     */
    public Dataset load(Rng rng) {
        switch (this) {
            case XOR: return xor(rng);
            case SPIRALS: return spirals(rng);
            case CIRCLES: return circles(rng);
            case MOONS: return moons(rng);
            case BLOBS: return blobs(rng);
            case SINE: return sine(rng);
            case IRIS: return resource("iris.csv", "species", "iris");
            default: return resource("digits8x8.csv", "digit", "digits");
        }
    }

    private static Dataset xor(Rng rng) {
        int n = 400;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double cx = (i & 1) == 0 ? -1 : 1;
            double cy = (i & 2) == 0 ? -1 : 1;
            x[2 * i] = (float) (cx + 0.25 * rng.nextGaussian());
            x[2 * i + 1] = (float) (cy + 0.25 * rng.nextGaussian());
            y[i] = (cx > 0) != (cy > 0) ? 1 : 0;
        }
        return twoD("xor", x, y, 2);
    }

    private static Dataset spirals(Rng rng) {
        int perClass = 500;
        int n = 2 * perClass;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double t = 0.1 + 0.9 * (i / 2) / (double) perClass;
            double angle = 1.75 * 2 * Math.PI * t + c * Math.PI;
            x[2 * i] = (float) (t * Math.cos(angle) + 0.02 * rng.nextGaussian());
            x[2 * i + 1] = (float) (t * Math.sin(angle) + 0.02 * rng.nextGaussian());
            y[i] = c;
        }
        return twoD("spirals", x, y, 2);
    }

    private static Dataset circles(Rng rng) {
        int n = 500;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double r = c == 0 ? 1.0 : 0.5;
            double a = 2 * Math.PI * rng.nextDouble();
            x[2 * i] = (float) (r * Math.cos(a) + 0.05 * rng.nextGaussian());
            x[2 * i + 1] = (float) (r * Math.sin(a) + 0.05 * rng.nextGaussian());
            y[i] = c;
        }
        return twoD("circles", x, y, 2);
    }

    private static Dataset moons(Rng rng) {
        int n = 500;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double a = Math.PI * rng.nextDouble();
            double px = c == 0 ? Math.cos(a) : 1 - Math.cos(a);
            double py = c == 0 ? Math.sin(a) : 0.5 - Math.sin(a);
            x[2 * i] = (float) (px + 0.1 * rng.nextGaussian());
            x[2 * i + 1] = (float) (py + 0.1 * rng.nextGaussian());
            y[i] = c;
        }
        return twoD("moons", x, y, 2);
    }

    private static Dataset blobs(Rng rng) {
        double[][] centres = {{-3, 0}, {3, 0}, {0, 4}};
        int n = 600;
        float[] x = new float[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 3;
            x[2 * i] = (float) (centres[c][0] + rng.nextGaussian());
            x[2 * i + 1] = (float) (centres[c][1] + rng.nextGaussian());
            y[i] = c;
        }
        return twoD("blobs", x, y, 3);
    }

    private static Dataset sine(Rng rng) {
        int n = 1000;
        float[] x = new float[n];
        float[] y = new float[n];
        for (int i = 0; i < n; i++) {
            double v = rng.uniform(-Math.PI, Math.PI);
            x[i] = (float) v;
            y[i] = (float) (Math.sin(v) + 0.05 * rng.nextGaussian());
        }
        return Dataset.regression("sine", Tensor.wrap(x, Shape.of(n, 1)), Tensor.wrap(y, Shape.of(n, 1)), List.of("x"), "y");
    }

    private static Dataset twoD(String name, float[] x, int[] y, int classes) {
        List<String> classNames = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            classNames.add(Integer.toString(c));
        }
        return Dataset.classification(name, Tensor.wrap(x, Shape.of(y.length, 2)), y, List.of("x1", "x2"), "class",
                classNames);
    }

    /**
     * Reads a bundled CSV resource. These files are known to be simple (a header, numbers and
     * unquoted labels, no commas inside fields), so splitting on commas is enough here; user files
     * go through the {@code backprop-csv} module's real CSV parser.
     */
    private static Dataset resource(String file, String label, String name) {
        InputStream in = BuiltinDataset.class.getResourceAsStream(file);
        if (in == null) {
            throw new IllegalStateException("built-in dataset resource " + file + " is missing from the jar");
        }
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> header = Arrays.asList(r.readLine().split(","));
            List<Table.Row> rows = new ArrayList<>();
            long line = 1;
            for (String s = r.readLine(); s != null; s = r.readLine()) {
                line++;
                if (!s.isBlank()) {
                    rows.add(new Table.Row(line, Arrays.asList(s.split(",", -1))));
                }
            }
            Dataset d = TableConverter.toDataset(new Table("builtin:" + name, header, rows), label, Task.CLASSIFICATION, null);
            return d.subset(identity(d.size()), name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int[] identity(int n) {
        int[] p = new int[n];
        Arrays.setAll(p, i -> i);
        return p;
    }
}
