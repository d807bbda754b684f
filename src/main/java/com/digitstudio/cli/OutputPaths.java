package com.digitstudio.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Checks of the files a command will write, made before it spends minutes on the work. */
final class OutputPaths {
    private OutputPaths() {
    }

    /**
     * Throws {@link IllegalArgumentException} with one sentence if {@code file} cannot be written: it is a folder,
     * or its folder exists but is not writable, or a parent on the way is a file. A missing folder is fine (the
     * atomic save creates it).
     */
    static void checkWritable(Path file, String option) {
        Path absolute = file.toAbsolutePath().normalize();
        if (Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(option + " " + file + " is a folder; give a file name.");
        }
        if (Files.exists(absolute) && !Files.isWritable(absolute)) {
            throw new IllegalArgumentException(option + " " + file + " cannot be written: permission denied.");
        }
        for (Path dir = absolute.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir)) {
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException(option + " " + file + " cannot be written: " + dir + " is a file, not a folder.");
                }
                if (!Files.isWritable(dir)) {
                    throw new IllegalArgumentException(option + " " + file + " cannot be written: the folder " + dir
                            + " is not writable.");
                }
                return;
            }
        }
    }

    /** Whether two paths name the same file (also through links, when both exist). */
    static boolean same(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // fall through to comparing names
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }
}
