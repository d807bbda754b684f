package com.digitstudio.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Builds IDX files for tests. */
final class IdxFiles {
    private IdxFiles() {
    }

    /** An IDX file: magic {@code 0x0000 type ndims}, the dimensions, then {@code data}. */
    static byte[] idx(int type, int[] dims, byte[] data) {
        ByteBuffer buffer = ByteBuffer.allocate(4 + 4 * dims.length + data.length);
        buffer.putInt((type << 8) | dims.length);
        for (int dim : dims) {
            buffer.putInt(dim);
        }
        buffer.put(data);
        return buffer.array();
    }

    static byte[] ubyte(int[] dims, byte[] data) {
        return idx(0x08, dims, data);
    }

    /** {@code count} 28×28 images; image i is filled with the value i+1. */
    static byte[] images(int count) {
        return images(count, 28, 28);
    }

    static byte[] images(int count, int rows, int cols) {
        byte[] data = new byte[count * rows * cols];
        for (int i = 0; i < count; i++) {
            java.util.Arrays.fill(data, i * rows * cols, (i + 1) * rows * cols, (byte) (i + 1));
        }
        return ubyte(new int[]{count, rows, cols}, data);
    }

    static byte[] labels(int... labels) {
        byte[] data = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            data[i] = (byte) labels[i];
        }
        return ubyte(new int[]{labels.length}, data);
    }

    static byte[] gzip(byte[] content) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(content);
        }
        return bytes.toByteArray();
    }

    static Path write(Path file, byte[] content) throws IOException {
        Files.write(file, content);
        return file;
    }
}
