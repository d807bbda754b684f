package com.digitstudio.adapt;

import com.digitstudio.ink.Ink;
import com.digitstudio.ink.InkFiles;
import com.digitstudio.ink.InkPoint;
import com.digitstudio.ink.LabelledInk;
import com.digitstudio.ink.Stroke;
import com.digitstudio.support.AtomicFiles;
import com.digitstudio.support.Json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

    private MyDigits() {
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
            String id = ink.group() == null || ink.group().equals("(none)") ? UUID.randomUUID().toString() : ink.group();
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
