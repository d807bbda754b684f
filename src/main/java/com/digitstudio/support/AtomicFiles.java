package com.digitstudio.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Writes files so that a reader sees either the old content or the new, never a half-written file. */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that writes the whole content to a stream. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes to a temporary file beside {@code target}, forces it to disk, then moves it into place. */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Files.createDirectories(dir);
        removeStaleTemporaries(dir, absolute.getFileName().toString());
        Path temp = Files.createTempFile(dir, "." + absolute.getFileName(), ".part");
        try {
            readableByAll(temp);
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.WRITE)) {
                writer.write(out);
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            moveIntoPlace(temp, absolute);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** A temporary file this old was left by a process that died (a save takes seconds). */
    static final java.time.Duration STALE = java.time.Duration.ofMinutes(10);

    /**
     * Deletes the temporary files an earlier, killed write of {@code fileName} left in {@code dir}
     * ({@code .<fileName><random>.part}, older than {@link #STALE}; younger ones may belong to a write in progress
     * in another process). Failures are ignored: this is tidying, not the save.
     */
    public static void removeStaleTemporaries(Path dir, String fileName) {
        String prefix = "." + fileName;
        java.time.Instant cutoff = java.time.Instant.now().minus(STALE);
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            files.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(".part");
            }).forEach(p -> {
                try {
                    if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)
                            && Files.getLastModifiedTime(p).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException ignored) {
                    // another process may have just removed it
                }
            });
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // an unreadable folder: the save itself will say so
        }
    }

    /** Temporary files are created owner-only; a saved file should have a normal file's permissions. */
    public static void readableByAll(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        }
    }

    /** Moves {@code source} over {@code target}, atomically where the file system allows it. */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
