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
        assertThatThrownBy(() -> IdxReader.readImages(images)).hasMessage(images + ": the header promises 8 data bytes but the file has 3 after its 16-byte header (truncated?)");
    }

    @Test
    void missingFilesAreListed(@TempDir Path dir) {
        assertThat(IdxReader.isIdxDirectory(dir)).isFalse();
        assertThatThrownBy(() -> IdxReader.readDirectory(dir)).hasMessageContaining("missing train-images-idx3-ubyte[.gz], "
                + "train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]");
    }

    @Test
    void aHeaderPromisingMoreThanTheFileHoldsIsRefusedBeforeAllocating(@TempDir Path dir) throws IOException {
        // Given a 16-byte image file whose header claims 2^31-1 images of 1×1 (2 GB had they been allocated)
        Path images = dir.resolve("images");
        write(images, idx(3, new int[] {Integer.MAX_VALUE - 9, 1, 1}, new byte[0]), false);
        assertThat(Files.size(images)).isEqualTo(16);

        // When / Then it is refused from the file size, naming both numbers
        assertThatThrownBy(() -> IdxReader.readImages(images)).isInstanceOf(DataFormatException.class)
                .hasMessage(images + ": the header promises 2147483638 data bytes but the file has 0 after its 16-byte header (truncated?)");

        // and a gzip file cannot promise more than deflate could have packed into it
        Path gz = dir.resolve("labels.gz");
        write(gz, idx(1, new int[] {Integer.MAX_VALUE - 9}, new byte[] {1, 2}), true);
        assertThatThrownBy(() -> IdxReader.readLabels(gz)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("the header promises 2147483638 data bytes, more than a");
    }

    @Test
    void gzipCrcAndTrailingBytesAreChecked(@TempDir Path dir) throws IOException {
        // Given a gzip label file whose CRC-32 in the trailer is damaged
        Path gz = dir.resolve("labels.gz");
        write(gz, idx(1, new int[] {3}, new byte[] {1, 2, 3}), true);
        byte[] bytes = Files.readAllBytes(gz);
        bytes[bytes.length - 8] ^= 0x55;
        Files.write(gz, bytes);

        // When / Then the damage is reported, not silently read
        assertThatThrownBy(() -> IdxReader.readLabels(gz)).isInstanceOf(DataFormatException.class)
                .hasMessageStartingWith(gz + ": damaged gzip data: ");

        // and a plain file with more bytes than its header describes is refused
        Path plain = dir.resolve("labels");
        write(plain, idx(1, new int[] {2}, new byte[] {1, 2, 3}), false);
        assertThatThrownBy(() -> IdxReader.readLabels(plain))
                .hasMessage(plain + ": the header promises 2 data bytes but the file has 3 after its 8-byte header");
        Path shortHeader = dir.resolve("short");
        Files.write(shortHeader, new byte[] {0, 0, 8, 3, 0, 0});
        assertThatThrownBy(() -> IdxReader.readImages(shortHeader))
                .hasMessage(shortHeader + ": truncated IDX header: 3 dimension sizes expected, the file ends after 0");
    }
}
