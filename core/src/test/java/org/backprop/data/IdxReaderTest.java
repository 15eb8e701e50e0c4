package org.backprop.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

    private static byte[] idx(int rank, int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(b);
        out.writeInt(0x0800 | rank);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return b.toByteArray();
    }

    private static void write(Path file, byte[] bytes, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(bytes);
        }
    }

    @Test
    void readsADirectoryOfPlainAndGzippedFiles(@TempDir Path dir) throws IOException {
        // Given two 2×2 training images (gzip) and one test image (plain), with labels
        write(dir.resolve("train-images-idx3-ubyte.gz"), idx(3, new int[] {2, 2, 2}, new byte[] {0, 1, 2, (byte) 255, 4, 5, 6, 7}), true);
        write(dir.resolve("train-labels-idx1-ubyte.gz"), idx(1, new int[] {2}, new byte[] {3, 9}), true);
        write(dir.resolve("t10k-images-idx3-ubyte"), idx(3, new int[] {1, 2, 2}, new byte[] {9, 9, 9, 9}), false);
        write(dir.resolve("t10k-labels-idx1-ubyte"), idx(1, new int[] {1}, new byte[] {0}), false);

        // When the directory is read
        IdxReader.TrainTest tt = IdxReader.readDirectory(dir);

        // Then pixels are floats byte/255 in [0, 1], one row per image, and labels are classes "0"…"9"
        assertThat(IdxReader.isIdxDirectory(dir)).isTrue();
        assertThat(tt.train().features().toFloatArray()).containsExactly(0f, 1 / 255f, 2 / 255f, 1f, 4 / 255f, 5 / 255f,
                6 / 255f, 7 / 255f);
        assertThat(tt.train().labels()).containsExactly(3, 9);
        assertThat(tt.train().classNames()).hasSize(10);
        assertThat(tt.test().size()).isEqualTo(1);
        assertThat(tt.train().featureNames()).containsExactly("pixel0", "pixel1", "pixel2", "pixel3");
    }

    @Test
    void wrongMagicAndTruncationAreNamed(@TempDir Path dir) throws IOException {
        Path labels = dir.resolve("labels");
        write(labels, idx(3, new int[] {1, 1, 1}, new byte[] {1}), false);
        assertThatThrownBy(() -> IdxReader.readLabels(labels)).isInstanceOf(DataFormatException.class)
                .hasMessage(labels + ": IDX magic number 0x00000803, expected 0x00000801 (unsigned bytes, 1 dimension)");
        Path images = dir.resolve("images");
        write(images, idx(3, new int[] {2, 2, 2}, new byte[] {1, 2, 3}), false);
        assertThatThrownBy(() -> IdxReader.readImages(images)).hasMessage(images + ": truncated: the header promises 8 data bytes");
    }

    @Test
    void missingFilesAreListed(@TempDir Path dir) {
        assertThat(IdxReader.isIdxDirectory(dir)).isFalse();
        assertThatThrownBy(() -> IdxReader.readDirectory(dir)).hasMessageContaining("missing train-images-idx3-ubyte[.gz], "
                + "train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]");
    }
}
