package com.digitstudio.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the NumPy {@code .npy} arrays of a model file in Java, checking everything before a byte of the payload is
 * used: the magic string, the version, the header's length and syntax, the data type (little-endian float32,
 * {@code <f4}, the only one a Digit Studio model holds), the memory order (C), the shape against the one the
 * caller expects, the payload's exact length, and that every value is a finite number. ND4J's own parser is handed
 * bytes nobody checked and crashes the JVM on a wrong dtype or a short payload, so it is never used for reading.
 */
final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** NumPy writes headers of a few dozen bytes; anything this long is not an array header. */
    static final int MAX_HEADER = 4096;
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");
    private static final Pattern DIM = Pattern.compile("\\s*(\\d{1,12})\\s*");

    /** A checked array: its shape and values in C order. */
    record Array(long[] shape, float[] values) {
    }

    /** What the caller accepts: a shape check that says, in words, what was expected. */
    interface ShapeRule {
        /** Null when {@code shape} is acceptable, else what was expected ("[32, 1, 5, 5]"). */
        String problem(long[] shape);

        static ShapeRule exactly(long[] expected) {
            return shape -> Arrays.equals(shape, expected) ? null : Arrays.toString(expected);
        }
    }

    private Npy() {
    }

    /** The most bytes a valid entry with at most {@code maxValues} float32 values can take. */
    static long maxEntryBytes(long maxValues) {
        return MAGIC.length + 2 + 4 + MAX_HEADER + maxValues * Float.BYTES;
    }

    /**
     * Parses {@code bytes} as an {@code .npy} array. {@code where} names it in messages ("model.dsm: params/W1.npy").
     *
     * @throws ModelFormatException with one sentence saying what is wrong
     */
    static Array read(byte[] bytes, String where, ShapeRule rule) throws ModelFormatException {
        if (bytes.length < MAGIC.length + 4 || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ModelFormatException(where + " is not a NumPy array (it does not start with the .npy magic string).");
        }
        int major = bytes[6] & 0xff;
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long headerLength;
        int headerStart;
        if (major == 1) {
            headerLength = buffer.getShort(8) & 0xffff;
            headerStart = 10;
        } else if (major == 2 || major == 3) {
            if (bytes.length < 12) {
                throw new ModelFormatException(where + " is truncated inside its header.");
            }
            headerLength = buffer.getInt(8) & 0xffffffffL;
            headerStart = 12;
        } else {
            throw new ModelFormatException(where + " is a NumPy array of format version " + major + ", which this app does not read (1 to 3).");
        }
        if (headerLength > MAX_HEADER) {
            throw new ModelFormatException(where + " declares a header of " + headerLength + " bytes; a NumPy array's is under " + MAX_HEADER + ".");
        }
        if (headerStart + headerLength > bytes.length) {
            throw new ModelFormatException(where + " is truncated inside its header.");
        }
        String header = new String(bytes, headerStart, (int) headerLength,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1).strip();
        if (!header.startsWith("{") || !header.endsWith("}")) {
            throw new ModelFormatException(where + " has a malformed NumPy header.");
        }
        String descr = find(DESCR, header, where, "data type");
        String fortran = find(FORTRAN, header, where, "memory order");
        String shapeText = find(SHAPE, header, where, "shape");
        if (!descr.equals("<f4")) {
            throw new ModelFormatException(where + " holds " + describeType(descr) + "; a Digit Studio model stores little-endian float32 ('<f4').");
        }
        if (fortran.equals("True")) {
            throw new ModelFormatException(where + " is stored in Fortran (column-major) order; a Digit Studio model stores C order.");
        }
        long[] shape = parseShape(shapeText, where);
        String problem = rule.problem(shape);
        if (problem != null) {
            throw new ModelFormatException(where + " has shape " + Arrays.toString(shape) + ", expected " + problem + ".");
        }
        long count = 1;
        for (long d : shape) {
            count *= d; // the rule has bounded every dimension
        }
        long dataStart = headerStart + headerLength;
        long expectedBytes = count * Float.BYTES;
        long actualBytes = bytes.length - dataStart;
        if (actualBytes < expectedBytes) {
            throw new ModelFormatException(String.format("%s is truncated: its header declares %,d values (%,d bytes) but %,d bytes follow.",
                    where, count, expectedBytes, actualBytes));
        }
        if (actualBytes > expectedBytes) {
            throw new ModelFormatException(String.format("%s has %,d bytes after the %,d values its header declares.",
                    where, actualBytes - expectedBytes, count));
        }
        float[] values = new float[(int) count];
        buffer.position((int) dataStart);
        buffer.asFloatBuffer().get(values);
        for (int i = 0; i < values.length; i++) {
            if (!Float.isFinite(values[i])) {
                throw new ModelFormatException(String.format("%s holds %s at position %,d: a usable model's weights are finite numbers.",
                        where, Float.isNaN(values[i]) ? "NaN (not a number)" : "an infinite value", i));
            }
        }
        return new Array(shape, values);
    }

    private static String find(Pattern pattern, String header, String where, String what) throws ModelFormatException {
        Matcher m = pattern.matcher(header);
        if (!m.find()) {
            throw new ModelFormatException(where + " has a NumPy header without a readable " + what + ".");
        }
        return m.group(1);
    }

    private static long[] parseShape(String text, String where) throws ModelFormatException {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            return new long[0];
        }
        String[] parts = trimmed.split(",", -1);
        int n = parts.length;
        if (parts[n - 1].isBlank()) {
            n--; // "(784,)"
        }
        if (n > 8) {
            throw new ModelFormatException(where + " declares " + n + " dimensions; a model's arrays have at most 4.");
        }
        long[] shape = new long[n];
        for (int i = 0; i < n; i++) {
            Matcher m = DIM.matcher(parts[i]);
            if (!m.matches()) {
                throw new ModelFormatException(where + " has an unreadable shape (" + trimmed + ").");
            }
            shape[i] = Long.parseLong(m.group(1));
        }
        return shape;
    }

    private static String describeType(String descr) {
        if (descr.length() >= 2 && descr.charAt(0) == '>') {
            return "big-endian numbers ('" + descr + "')";
        }
        if (descr.contains("U") || descr.contains("S") || descr.contains("O")) {
            return "text or objects ('" + descr + "'), not numbers";
        }
        return "numbers of type '" + descr + "'";
    }
}
