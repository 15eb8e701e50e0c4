package org.backprop.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.backprop.tensor.Shape;
import org.backprop.tensor.Tensor;

/**
 * Reads MNIST's IDX format, plain or gzip-compressed (detected by the gzip magic bytes, not the name).
 *
 * <p>An IDX file is a big-endian header — two zero bytes, a type byte ({@code 0x08} = unsigned
 * byte), the number of dimensions — then each dimension as a 32-bit integer, then the data. Images
 * are {@code idx3} ({@code [N, rows, cols]}), labels {@code idx1} ({@code [N]}). Pixels become
 * float32 features {@code byte / 255}, in {@code [0, 1]}, named {@code pixel0 … pixelK}; labels
 * become classes {@code "0" … "9"}.
 *
 * <p>A directory is read by the four standard names ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte},
 * each optionally ending {@code .gz}); it gives a training set and its own test set.
 *
 * <p>Every size in a header is checked against the file's length and against what one array can
 * hold before anything is allocated. Stateless: the methods may be called from any thread.
 */
public final class IdxReader {
    /** The standard file names, without {@code .gz}. */
    public static final List<String> STANDARD_NAMES = List.of("train-images-idx3-ubyte", "train-labels-idx1-ubyte",
            "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

    private IdxReader() {
    }

    /**
     * A training set and the test set that came with it.
     *
     * @param train the training images and labels
     * @param test  the test images and labels
     */
    public record TrainTest(Dataset train, Dataset test) {
    }

    /**
     * Whether {@code dir} is a directory holding the four standard IDX files (plain or gzip).
     *
     * @param dir the path to look at; it need not exist
     * @return true when {@code dir} is a directory and each standard name is present in it, plain or with
     *         {@code .gz}; the files' content is not checked
     */
    public static boolean isIdxDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        for (String name : STANDARD_NAMES) {
            if (find(dir, name) == null) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads the four standard files of {@code dir}.
     *
     * @param dir the directory holding the four standard files
     * @return new datasets named {@code DIR/train} and {@code DIR/test} ({@code DIR} the directory's
     *         last name element), as {@link #read} makes them
     * @throws DataFormatException naming the missing files, or the file and what is wrong in it
     * @throws UncheckedIOException if a file cannot be read
     */
    public static TrainTest readDirectory(Path dir) {
        List<String> missing = new ArrayList<>();
        Path[] files = new Path[4];
        for (int i = 0; i < 4; i++) {
            files[i] = find(dir, STANDARD_NAMES.get(i));
            if (files[i] == null) {
                missing.add(STANDARD_NAMES.get(i) + "[.gz]");
            }
        }
        if (!missing.isEmpty()) {
            throw new DataFormatException(dir.toString(), 0, null, "not an IDX directory: missing " + String.join(", ", missing));
        }
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        return new TrainTest(read(files[0], files[1], name + "/train"), read(files[2], files[3], name + "/test"));
    }

    /**
     * Reads an image file and its label file into a classification dataset with classes {@code "0" … "9"}.
     *
     * @param images the {@code idx3} image file, plain or gzip
     * @param labels the {@code idx1} label file, plain or gzip, with one label per image
     * @param name   the dataset's name, for messages and provenance
     * @return a new dataset with features {@code [N, rows·cols]} as {@link #readImages} gives them,
     *         named {@code pixel0 …}, target {@code label}, and classes {@code "0"} up to the larger of
     *         9 and the largest label
     * @throws DataFormatException if a file is malformed or the counts disagree
     * @throws UncheckedIOException if a file cannot be read
     */
    public static Dataset read(Path images, Path labels, String name) {
        Tensor x = readImages(images);
        int[] y = readLabels(labels);
        if (y.length != x.shape().dim(0)) {
            throw new DataFormatException(labels.toString(), 0, null, y.length + " labels for " + x.shape().dim(0)
                    + " images in " + images);
        }
        int max = 9;
        for (int l : y) {
            max = Math.max(max, l);
        }
        List<String> classes = new ArrayList<>();
        for (int c = 0; c <= max; c++) {
            classes.add(Integer.toString(c));
        }
        List<String> features = new ArrayList<>();
        for (int j = 0; j < x.shape().cols(); j++) {
            features.add("pixel" + j);
        }
        return Dataset.classification(name, x, y, features, "label", classes);
    }

    /**
     * Reads an {@code idx3} image file as float32 {@code [N, rows·cols]} with values {@code byte / 255} in {@code [0, 1]}.
     *
     * @param file the {@code idx3} unsigned-byte image file, plain or gzip
     * @return a new float32 tensor, one row per image, pixels in row-major order
     * @throws DataFormatException if the header is not an {@code idx3} unsigned-byte header, a
     *                             dimension is not positive, or the data is too large, truncated,
     *                             longer than the header says, or damaged gzip
     * @throws UncheckedIOException if the file cannot be read
     */
    public static Tensor readImages(Path file) {
        try (DataInputStream in = open(file)) {
            int[] dims = header(in, file, 3);
            int n = dims[0];
            // in double first: three ints multiplied can overflow even a long
            double promised = (double) n * dims[1] * dims[2];
            if (promised > Integer.MAX_VALUE - 8) {
                throw new DataFormatException(file.toString(), 0, null, "the header promises " + n + " images of "
                        + dims[1] + "×" + dims[2] + " pixels, more values than one array holds");
            }
            long values = (long) n * dims[1] * dims[2];
            int pixels = dims[1] * dims[2];
            checkSize(file, 16, values, 5);
            byte[] raw = readData(in, file, (int) values);
            float[] x = new float[raw.length];
            for (int i = 0; i < raw.length; i++) {
                x[i] = (raw[i] & 0xff) / 255f;
            }
            return Tensor.wrap(x, Shape.of(n, pixels));
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file.toString(), 0, null, "damaged gzip data: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Reads an {@code idx1} label file.
     *
     * @param file the {@code idx1} unsigned-byte label file, plain or gzip
     * @return a new array with one label per entry, each in {@code [0, 255]}
     * @throws DataFormatException if the header is not an {@code idx1} unsigned-byte header, the count
     *                             is not positive, or the data is truncated, longer than the header
     *                             says, or damaged gzip
     * @throws UncheckedIOException if the file cannot be read
     */
    public static int[] readLabels(Path file) {
        try (DataInputStream in = open(file)) {
            int n = header(in, file, 1)[0];
            checkSize(file, 8, n, 4);
            byte[] raw = readData(in, file, n);
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = raw[i] & 0xff;
            }
            return y;
        } catch (java.util.zip.ZipException e) {
            throw new DataFormatException(file.toString(), 0, null, "damaged gzip data: " + e.getMessage());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static int[] header(DataInputStream in, Path file, int rank) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new DataFormatException(file.toString(), 0, null, "empty file, expected an IDX header");
        }
        int expected = 0x0800 | rank;
        if (magic != expected) {
            throw new DataFormatException(file.toString(), 0, null, String.format("IDX magic number 0x%08x, expected "
                    + "0x%08x (unsigned bytes, %d dimension%s)", magic, expected, rank, rank == 1 ? "" : "s"));
        }
        int[] dims = new int[rank];
        long total = 1;
        for (int i = 0; i < rank; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new DataFormatException(file.toString(), 0, null, "truncated IDX header: " + rank
                        + " dimension sizes expected, the file ends after " + i);
            }
            if (dims[i] < 0) {
                throw new DataFormatException(file.toString(), 0, null, "dimension " + i + " is negative: " + dims[i]);
            }
            if (dims[i] == 0) {
                throw new DataFormatException(file.toString(), 0, null, "dimension " + i + " is 0: the file holds no "
                        + (i == 0 ? "items" : "values per item"));
            }
            total *= dims[i];
        }
        if (total > Integer.MAX_VALUE - 8) {
            throw new DataFormatException(file.toString(), 0, null, "too large: " + total + " values");
        }
        return dims;
    }

    /**
     * Checks a header's promise of {@code values} data bytes against the file before anything is
     * allocated: a plain file must hold exactly that many after the header; a gzip file's content
     * is at most 1032 times its size (deflate's best ratio); and the values as float32 plus the raw
     * bytes must fit in half of the Java heap.
     *
     * @param bytesPerValue the memory one value takes once read (the byte and its float or int)
     */
    private static void checkSize(Path file, int headerBytes, long values, int bytesPerValue) throws IOException {
        long size = Files.size(file);
        if (gzip(file)) {
            if (values > size * 1032) {
                throw new DataFormatException(file.toString(), 0, null, "the header promises " + values
                        + " data bytes, more than a " + size + "-byte gzip file can hold");
            }
        } else if (size - headerBytes != values) {
            throw new DataFormatException(file.toString(), 0, null, "the header promises " + values + " data bytes "
                    + "but the file has " + (size - headerBytes) + " after its " + headerBytes + "-byte header"
                    + (size - headerBytes < values ? " (truncated?)" : ""));
        }
        long need = values * bytesPerValue;
        long budget = Runtime.getRuntime().maxMemory() / 2;
        if (need > budget) {
            throw new DataFormatException(file.toString(), 0, null, "too large to load into memory: " + values
                    + " values need about " + need / (1 << 20) + " MB, over the " + budget / (1 << 20) + " MB allowed "
                    + "(half of the Java heap, -Xmx); give Java more memory (BACKPROP_JAVA_OPTS=-Xmx…)");
        }
    }

    /**
     * Reads the {@code count} data bytes, growing the buffer as they arrive (a damaged gzip file
     * cannot make it allocate more than it holds), then reads to the end of the stream so that the
     * gzip trailer's CRC-32 and length are checked.
     */
    private static byte[] readData(DataInputStream in, Path file, int count) throws IOException {
        byte[] raw = new byte[Math.min(count, 1 << 20)];
        int filled = 0;
        try {
            while (filled < count) {
                if (filled == raw.length) {
                    raw = java.util.Arrays.copyOf(raw, (int) Math.min(count, 2L * raw.length));
                }
                int n = in.read(raw, filled, raw.length - filled);
                if (n < 0) {
                    throw new DataFormatException(file.toString(), 0, null, "truncated: the header promises " + count
                            + " data bytes, the file has " + filled);
                }
                filled += n;
            }
            if (in.read() >= 0) {
                throw new DataFormatException(file.toString(), 0, null, "more data than the header promises ("
                        + count + " bytes)");
            }
        } catch (java.util.zip.ZipException | EOFException e) {
            throw new DataFormatException(file.toString(), 0, null, "damaged gzip data: " + e.getMessage());
        }
        return raw;
    }

    private static boolean gzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 != 0x1f || b1 != 0x8b) {
            return new DataInputStream(raw);
        }
        try {
            return new DataInputStream(new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16));
        } catch (EOFException e) {
            raw.close();
            throw new DataFormatException(file.toString(), 0, null, "truncated gzip header");
        }
    }

    private static Path find(Path dir, String name) {
        for (String candidate : List.of(name + ".gz", name)) {
            Path p = dir.resolve(candidate);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
