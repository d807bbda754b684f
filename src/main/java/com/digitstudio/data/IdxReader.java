package com.digitstudio.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX format of MNIST (http://yann.lecun.com/exdb/mnist/): a big-endian header with a magic number
 * (0x00 0x00 type ndims), the size of each dimension, then the unsigned bytes. Gzipped files are recognised by
 * their own magic bytes, not by their name.
 */
public final class IdxReader {
    private static final int UNSIGNED_BYTE = 0x08;

    private IdxReader() {
    }

    /** The contents of one IDX file of unsigned bytes. */
    public record IdxData(int[] dims, byte[] data) {
        public int count() {
            return dims[0];
        }
    }

    /** Opens a file, transparently gunzipping it when it starts with the gzip magic bytes. */
    public static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16);
        }
        return raw;
    }

    /** Reads a file whose dimensions must be {@code expectedNdims} long, e.g. 3 for images, 1 for labels. */
    public static IdxData read(Path file, int expectedNdims) throws IOException {
        String name = file.getFileName().toString();
        long rawLength = isGzip(file) ? -1 : Files.size(file);
        try (InputStream in = open(file)) {
            return read(in, name, expectedNdims, rawLength);
        } catch (java.util.zip.ZipException e) {
            throw new IdxFormatException(name + " is not valid gzip data: it is corrupt or cut short.");
        } catch (EOFException e) {
            // only the gzip layer throws this: the raw reader checks every length itself
            throw new IdxFormatException(name + " is a truncated gzip file: it ends before its compressed data does.");
        }
    }

    /** The most values one file may hold: MNIST's training images are 47 million; this allows five times that. */
    static final long MAX_VALUES = 256L << 20;

    private static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    static IdxData read(InputStream stream, String name, int expectedNdims) throws IOException {
        return read(stream, name, expectedNdims, -1);
    }

    /**
     * @param rawLength the file's length when it is not compressed (the declared sizes are checked against it
     *                  before anything is allocated), else -1 (the data is then read in growing steps, so a header
     *                  that lies costs no more memory than the data that is really there)
     */
    static IdxData read(InputStream stream, String name, int expectedNdims, long rawLength) throws IOException {
        DataInputStream in = new DataInputStream(stream);
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IdxFormatException(name + " is too short to be an IDX file (no 4-byte header).");
        }
        if ((magic >>> 16) != 0) {
            throw new IdxFormatException(String.format(
                    "%s is not an IDX file: its magic number is 0x%08X, expected 0x0000%02X%02X.",
                    name, magic, UNSIGNED_BYTE, expectedNdims));
        }
        int type = (magic >>> 8) & 0xff;
        int ndims = magic & 0xff;
        if (type != UNSIGNED_BYTE) {
            throw new IdxFormatException(String.format(
                    "%s holds IDX data of type 0x%02X; only unsigned bytes (0x08) are supported.", name, type));
        }
        if (ndims != expectedNdims) {
            throw new IdxFormatException(String.format(
                    "%s has %d dimension(s), expected %d (magic 0x%08X).", name, ndims, expectedNdims, magic));
        }
        int[] dims = new int[ndims];
        long total = 1;
        for (int i = 0; i < ndims; i++) {
            try {
                dims[i] = in.readInt();
            } catch (EOFException e) {
                throw new IdxFormatException(name + " ends inside its header (dimension " + (i + 1) + " of " + ndims + ").");
            }
            if (dims[i] < 0) {
                throw new IdxFormatException(name + " declares a negative size for dimension " + (i + 1) + ".");
            }
            total = Math.min(total * dims[i], MAX_VALUES + 1); // saturated: the product cannot overflow
        }
        if (total > MAX_VALUES) {
            throw new IdxFormatException(String.format("%s declares dimensions of %s, more values than a digit dataset holds (at most %,d).",
                    name, java.util.Arrays.toString(dims).replace("[", "").replace("]", "").replace(", ", " × "), MAX_VALUES));
        }
        long headerBytes = 4L + 4L * ndims;
        if (rawLength >= 0 && rawLength - headerBytes < total) {
            throw new IdxFormatException(String.format(
                    "%s is truncated: its header declares %,d bytes of data but only %,d are there.",
                    name, total, Math.max(0, rawLength - headerBytes)));
        }
        byte[] data = in.readNBytes((int) total);
        if (data.length < total) {
            throw new IdxFormatException(String.format(
                    "%s is truncated: its header declares %,d bytes of data but only %,d are there.",
                    name, total, data.length));
        }
        if (in.read() != -1) {
            throw new IdxFormatException(String.format(
                    "%s has data after the %,d bytes its header declares.", name, data.length));
        }
        return new IdxData(dims, data);
    }
}
