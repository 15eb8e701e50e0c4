package org.backprop.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that readers see the old content or the new, never half of it: the bytes go to
 * a temporary file in the same directory, which is then renamed over the target in one atomic step.
 * If anything fails, the temporary file is removed and the target is untouched.
 *
 * <p>A save that was killed (power cut, {@code kill -9}) may leave its temporary file
 * ({@code .NAME.*.tmp}) behind; the next write of the same file removes such leftovers that have
 * not changed for {@value #STALE_SECONDS} seconds (a younger one may belong to a save still running).
 *
 * <p>The written file gets the permissions of the file it replaces, or {@code rw-r--r--} when new
 * (a temporary file alone would be readable by its owner only).
 *
 * <p>Thread-safe: concurrent writes of the same file each use their own temporary file, and the
 * last rename wins; a reader never sees a mixture.
 */
public final class AtomicFiles {
    private static final Set<PosixFilePermission> NEW_FILE = PosixFilePermissions.fromString("rw-r--r--");

    /** A leftover temporary file unchanged for this long is removed by the next write. */
    public static final int STALE_SECONDS = 60;

    private AtomicFiles() {
    }

    /**
     * Writes {@code text} in UTF-8 to {@code file}, atomically; creates missing parent directories.
     *
     * @param file the target file, relative to the working directory or absolute; replaced if it exists
     * @param text the whole new content, not null
     * @throws IOException if the directory cannot be created or written, or the rename fails; the
     *                     target then keeps its old content (or stays absent)
     */
    public static void writeString(Path file, String text) throws IOException {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Writes {@code bytes} to {@code file}, atomically; creates missing parent directories. Where
     * the file system cannot rename atomically, a plain replacing move is used instead.
     *
     * @param file  the target file, relative to the working directory or absolute; replaced if it exists
     * @param bytes the whole new content, not null; not kept after the call
     * @throws IOException if the directory cannot be created or written, or the rename fails; the
     *                     target then keeps its old content (or stays absent)
     */
    public static void write(Path file, byte[] bytes) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        removeLeftovers(dir, "." + abs.getFileName() + ".");
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        try {
            Files.write(tmp, bytes);
            if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, Files.exists(abs) ? Files.getPosixFilePermissions(abs) : NEW_FILE);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Removes temporary files of earlier, killed saves of the same file (see the class comment). */
    private static void removeLeftovers(Path dir, String prefix) {
        long cutoff = System.currentTimeMillis() - STALE_SECONDS * 1000L;
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                String name = p.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".tmp") && name.length() > prefix.length() + 4
                        && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                        && Files.getLastModifiedTime(p).toMillis() < cutoff) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // best effort: a leftover that cannot be removed does not stop the save
        }
    }
}
