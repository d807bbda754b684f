package com.digitstudio.ink;

import com.digitstudio.support.Json;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads labelled stroke samples: JSON Lines, gzipped or not, one object per line:
 * {@code {"label": 0-9, "strokes": [[[x, y], ...], ...]}} in any coordinate unit, y growing downwards. A point may
 * carry a third number, its time in milliseconds. An optional {@code "ppi": [x, y]} (points per inch, as UNIPEN
 * declares its tablets) is honoured when the two axes differ: y is rescaled into x's unit so that the digit keeps
 * its drawn shape. Other fields, and a {@code ppi} that is missing, null or not two positive numbers, are ignored.
 */
public final class InkFiles {
    private InkFiles() {
    }

    /**
     * Reads the samples, taking each one's group from the field {@code groupField} (its text; "(none)" where a
     * line lacks it). With a null field, samples have no group.
     */
    public static List<LabelledInk> read(Path file, String groupField) throws IOException {
        String name = file.getFileName().toString();
        List<LabelledInk> samples = new ArrayList<>();
        try (InputStream raw = new java.io.BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            raw.mark(2);
            boolean gzip = raw.read() == 0x1f && raw.read() == 0x8b;
            raw.reset();
            BufferedReader reader = new BufferedReader(new InputStreamReader(
                    gzip ? new GZIPInputStream(raw, 1 << 16) : raw, StandardCharsets.UTF_8));
            String line;
            int lineNumber = 0;
            while ((line = readLine(reader, name, lineNumber + 1)) != null) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1); // a byte-order mark, as some Windows editors write
                }
                if (line.isBlank()) {
                    continue;
                }
                if (samples.size() >= MAX_DRAWINGS) {
                    throw new IOException(String.format("%s holds more than %,d drawings, more than this app reads from one file.",
                            name, MAX_DRAWINGS));
                }
                samples.add(parse(line, name, lineNumber, groupField));
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new IOException(name + " is not valid gzip data: it is corrupt or cut short.");
        }
        if (samples.isEmpty()) {
            throw new IOException(name + " holds no drawings.");
        }
        return samples;
    }

    /** A drawing of a digit has a few hundred points; these limits are far above any real one. */
    static final int MAX_POINTS = 100_000;
    static final int MAX_STROKES = 1_000;
    static final int MAX_LINE_CHARS = 4 << 20;
    static final int MAX_DRAWINGS = 2_000_000;

    /** One line, refused once it passes {@link #MAX_LINE_CHARS} (a file without newlines is not read whole). */
    private static String readLine(BufferedReader reader, String name, int lineNumber) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = reader.read()) != -1) {
            if (c == '\n') {
                break;
            }
            if (line.length() >= MAX_LINE_CHARS) {
                throw new IOException(String.format("%s, line %d is longer than %,d characters: it is not one drawing.",
                        name, lineNumber, MAX_LINE_CHARS));
            }
            line.append((char) c);
        }
        if (c == -1 && line.isEmpty()) {
            return null;
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            line.setLength(end - 1);
        }
        return line.toString();
    }

    static LabelledInk parse(String line, String name, int lineNumber, String groupField) throws IOException {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(line);
        } catch (JacksonException e) {
            String at = e.getLocation() == null || e.getLocation().getColumnNr() < 1 ? "" : " (at column " + e.getLocation().getColumnNr() + ")";
            throw new IOException(name + ", line " + lineNumber + ": not valid JSON" + at + ".");
        }
        JsonNode label = node.get("label");
        if (label == null || !label.isIntegralNumber() || !label.canConvertToInt() || label.asInt() < 0 || label.asInt() > 9) {
            throw new IOException(name + ", line " + lineNumber + ": \"label\" must be a digit 0-9.");
        }
        JsonNode strokes = node.get("strokes");
        if (strokes == null || !strokes.isArray()) {
            throw new IOException(name + ", line " + lineNumber + ": \"strokes\" must be a list of strokes.");
        }
        double yScale = yScale(node.get("ppi"));
        if (strokes.size() > MAX_STROKES) {
            throw new IOException(String.format("%s, line %d: %,d strokes, more than a drawing of a digit has (at most %,d).",
                    name, lineNumber, strokes.size(), MAX_STROKES));
        }
        int pointCount = 0;
        List<Stroke> parsed = new ArrayList<>(strokes.size());
        for (JsonNode stroke : strokes) {
            if (!stroke.isArray()) {
                throw new IOException(name + ", line " + lineNumber + ": each stroke must be a list of [x, y] points.");
            }
            List<InkPoint> points = new ArrayList<>(stroke.size());
            for (JsonNode point : stroke) {
                if (!point.isArray() || point.size() < 2 || !point.get(0).isNumber() || !point.get(1).isNumber()) {
                    throw new IOException(name + ", line " + lineNumber + ": each point must be [x, y] with numbers.");
                }
                if (++pointCount > MAX_POINTS) {
                    throw new IOException(String.format("%s, line %d: more than %,d points, more than a drawing of a digit has.",
                            name, lineNumber, MAX_POINTS));
                }
                if (!Double.isFinite(point.get(0).asDouble()) || !Double.isFinite(point.get(1).asDouble())) {
                    throw new IOException(name + ", line " + lineNumber + ": a point's coordinates are too large to be a position.");
                }
                long time = point.size() > 2 && point.get(2).isNumber() ? point.get(2).asLong() : 0;
                points.add(new InkPoint(point.get(0).asDouble(), point.get(1).asDouble() * yScale, time));
            }
            parsed.add(new Stroke(points));
        }
        String group = null;
        if (groupField != null) {
            JsonNode value = node.get(groupField);
            group = value == null || value.isNull() ? "(none)" : value.isValueNode() ? value.asText() : value.toString();
        }
        return new LabelledInk(label.asInt(), new Ink(parsed), group);
    }

    /** The factor that turns y units into x units, from a {@code [x, y]} points-per-inch pair; 1 when unknown. */
    private static double yScale(JsonNode ppi) {
        if (ppi == null || !ppi.isArray() || ppi.size() != 2 || !ppi.get(0).isNumber() || !ppi.get(1).isNumber()) {
            return 1;
        }
        double x = ppi.get(0).asDouble();
        double y = ppi.get(1).asDouble();
        return x > 0 && y > 0 && Double.isFinite(x) && Double.isFinite(y) ? x / y : 1;
    }
}
