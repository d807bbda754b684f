package com.digitstudio.adapt;

import com.digitstudio.ink.Ink;
import com.digitstudio.ink.InkFiles;
import com.digitstudio.ink.InkPoint;
import com.digitstudio.ink.LabelledInk;
import com.digitstudio.ink.Stroke;
import com.digitstudio.support.AtomicFiles;
import com.digitstudio.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * "My digits": the user's own labelled drawings, kept as strokes (not only their 28×28 images) in
 * {@code $XDG_DATA_HOME/digit-studio/my-digits.jsonl} (by default {@code ~/.local/share/digit-studio/}), one JSON
 * object per line in the format {@code strokes} reads ({@code label}, {@code strokes} of {@code [x, y, t]} points)
 * plus an {@code id}. Every change rewrites the file atomically, so a crash leaves the old or the new list, never
 * half of one. An empty list is no file.
 *
 * <p>Two apps may have the file open at once (a second window, the app and a script). A change is therefore
 * applied with {@link #update} to what the file holds at the moment of writing, under an exclusive lock on
 * {@code .my-digits.jsonl.lock} beside it, not written from a list read earlier: neither app's drawings are lost.
 */
public final class MyDigits {
    /** One drawing: {@code id} is stable across relabelling. */
    public record Drawing(String id, int label, Ink ink) {
        public Drawing {
            if (label < 0 || label > 9) {
                throw new IllegalArgumentException("a label is a digit 0-9");
            }
        }

        public static Drawing of(int label, Ink ink) {
            return new Drawing(UUID.randomUUID().toString(), label, ink);
        }

        public Drawing relabelled(int newLabel) {
            return new Drawing(id, newLabel, ink);
        }
    }

    /** One edit of the list, applied to the file's content of the moment by {@link #update}. */
    public sealed interface Change {
        List<Drawing> applyTo(List<Drawing> drawings);
    }

    /** Appends {@code drawing}, unless a drawing with its id is already there. */
    public record Added(Drawing drawing) implements Change {
        @Override
        public List<Drawing> applyTo(List<Drawing> drawings) {
            if (drawings.stream().anyMatch(d -> d.id().equals(drawing.id()))) {
                return drawings;
            }
            List<Drawing> changed = new ArrayList<>(drawings);
            changed.add(drawing);
            return changed;
        }
    }

    /** Removes the drawing with this id, if it is still there. */
    public record Deleted(String id) implements Change {
        @Override
        public List<Drawing> applyTo(List<Drawing> drawings) {
            return drawings.stream().filter(d -> !d.id().equals(id)).toList();
        }
    }

    /** Gives the drawing with this id another digit, if it is still there. */
    public record Relabelled(String id, int label) implements Change {
        @Override
        public List<Drawing> applyTo(List<Drawing> drawings) {
            return drawings.stream().map(d -> d.id().equals(id) ? d.relabelled(label) : d).toList();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(MyDigits.class);
    /** Threads of this process take turns here: a process's own file locks would overlap, not wait. */
    private static final Object IN_PROCESS = new Object();

    private MyDigits() {
    }

    /**
     * Applies {@code changes}, in order, to the drawings {@code file} holds now and writes the result atomically, holding an
     * exclusive lock (shared with other processes) from the read to the write. Returns the list as written, other
     * apps' changes included. A file that cannot be read is left as it is (the exception says why).
     */
    public static List<Drawing> update(Path file, List<? extends Change> changes) throws IOException {
        Path absolute = file.toAbsolutePath();
        Files.createDirectories(absolute.getParent());
        Path lockFile = absolute.resolveSibling("." + absolute.getFileName() + ".lock");
        synchronized (IN_PROCESS) {
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = lock(channel)) {
                List<Drawing> before = load(absolute);
                List<Drawing> after = before;
                for (Change change : changes) {
                    after = change.applyTo(after);
                }
                after = List.copyOf(after);
                if (!after.equals(before)) {
                    save(absolute, after);
                }
                return after;
            }
        }
    }

    /**
     * The lock, waiting for another process to let go of it; null where the file system has no locks (some network
     * file systems): the change is then still applied to the file's latest content, only not shielded from a write
     * at the same instant.
     */
    private static FileLock lock(FileChannel channel) throws IOException {
        try {
            return channel.lock();
        } catch (IOException noLocks) {
            LOG.warn("My digits are written without a lock: {}", noLocks.getMessage());
            return null;
        }
    }

    /** {@code $XDG_DATA_HOME/digit-studio/my-digits.jsonl}, by default under {@code ~/.local/share}. */
    public static Path defaultFile(String xdgDataHome, String home) {
        Path data = xdgDataHome != null && !xdgDataHome.isBlank() ? Path.of(xdgDataHome) : Path.of(home, ".local", "share");
        return data.resolve("digit-studio").resolve("my-digits.jsonl");
    }

    public static Path defaultFile() {
        return defaultFile(System.getenv("XDG_DATA_HOME"), System.getProperty("user.home"));
    }

    /** The drawings in {@code file}, in order; none if it does not exist. */
    public static List<Drawing> load(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return List.of();
        }
        List<Drawing> drawings = new ArrayList<>();
        for (LabelledInk ink : InkFiles.read(file, "id")) {
            // a line without an id (written by hand or by another tool) gets one that every read gives it alike
            String id = ink.group() == null || ink.group().equals("(none)")
                    ? UUID.nameUUIDFromBytes((drawings.size() + ":" + ink.label() + ":" + ink.ink())
                    .getBytes(StandardCharsets.UTF_8)).toString()
                    : ink.group();
            drawings.add(new Drawing(id, ink.label(), ink.ink()));
        }
        return List.copyOf(drawings);
    }

    /** Replaces the file's content with {@code drawings}, atomically (no drawings: the file is removed). */
    public static void save(Path file, List<Drawing> drawings) throws IOException {
        if (drawings.isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        StringBuilder text = new StringBuilder();
        for (Drawing d : drawings) {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("label", d.label());
            List<List<double[]>> strokes = new ArrayList<>();
            for (Stroke s : d.ink().strokes()) {
                List<double[]> points = new ArrayList<>();
                for (InkPoint p : s.points()) {
                    points.add(new double[]{p.x(), p.y(), p.time()});
                }
                strokes.add(points);
            }
            line.put("strokes", strokes);
            line.put("id", d.id());
            text.append(Json.MAPPER.writeValueAsString(line)).append('\n');
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
