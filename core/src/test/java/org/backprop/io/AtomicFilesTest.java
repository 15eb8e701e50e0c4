package org.backprop.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    @Test
    void newFileIsWrittenWholeReadableByAllAndLeavesNoTemporaryFile() throws IOException {
        // Given a target that does not exist yet
        Path target = dir.resolve("sub/model.json");

        // When text is written to it
        AtomicFiles.writeString(target, "{\"a\": 1}");

        // Then the file holds exactly the text, is rw-r--r--, and nothing else is left in the directory
        assertThat(Files.readString(target)).isEqualTo("{\"a\": 1}");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r--r--");
        try (Stream<Path> files = Files.list(target.getParent())) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void replacingAFileKeepsItsPermissions() throws IOException {
        // Given an existing file that only its owner may read
        Path target = dir.resolve("private.csv");
        Files.writeString(target, "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-------"));

        // When it is replaced
        AtomicFiles.write(target, new byte[] {'n', 'e', 'w'});

        // Then the content is new and the permissions are the old ones
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-------");
    }

    @Test
    void aFailedWriteLeavesTheTargetAsItWas() throws IOException {
        // Given a directory standing where the file should go
        Path target = dir.resolve("taken");
        Files.createDirectories(target.resolve("inside"));

        // When writing over it fails
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "text")).isInstanceOf(IOException.class);

        // Then the directory is untouched and no temporary file is left beside it
        assertThat(target.resolve("inside")).isDirectory();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aKilledSavesTemporaryFileIsRemovedByTheNextWrite() throws IOException {
        // Given the temporary file a killed save left two minutes ago, one a running save made just now,
        // and another file's leftover
        Path target = dir.resolve("model.json");
        Path stale = Files.writeString(dir.resolve(".model.json.123456789.tmp"), "half");
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 120_000));
        Path fresh = Files.writeString(dir.resolve(".model.json.987654321.tmp"), "in progress");
        Path other = Files.writeString(dir.resolve(".report.html.1.tmp"), "x");
        Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 120_000));

        // When the model is written
        AtomicFiles.writeString(target, "whole");

        // Then the stale leftover is gone; the fresh one and the other file's are left alone
        assertThat(Files.readString(target)).isEqualTo("whole");
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(other).exists();
    }
}
