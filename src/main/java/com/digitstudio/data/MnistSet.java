package com.digitstudio.data;

import java.util.Arrays;

/**
 * MNIST-style images and labels in memory: {@code count} images of 28×28 unsigned bytes (0 = background,
 * 255 = ink), row-major, and one label 0–9 per image. Kept as bytes (47 MB for the training set) and turned into
 * floats in [0, 1] one batch at a time.
 */
public final class MnistSet {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final int CLASSES = 10;

    private final byte[] images;
    private final byte[] labels;
    private final int count;

    public MnistSet(byte[] images, byte[] labels) {
        if (images.length != labels.length * PIXELS) {
            throw new IllegalArgumentException(
                    "images hold " + images.length + " bytes but " + labels.length + " labels need " + labels.length * PIXELS);
        }
        for (byte label : labels) {
            if (label < 0 || label >= CLASSES) {
                throw new IllegalArgumentException("label " + label + " is outside 0-9");
            }
        }
        this.images = images;
        this.labels = labels;
        this.count = labels.length;
    }

    public int size() {
        return count;
    }

    public int label(int index) {
        return labels[index];
    }

    /** Writes image {@code index} as floats in [0, 1] into {@code dest} at {@code offset}. */
    public void copyPixels(int index, float[] dest, int offset) {
        int base = index * PIXELS;
        for (int i = 0; i < PIXELS; i++) {
            dest[offset + i] = (images[base + i] & 0xff) / 255f;
        }
    }

    public float[] pixels(int index) {
        float[] out = new float[PIXELS];
        copyPixels(index, out, 0);
        return out;
    }

    /** The first {@code n} examples (or all, if fewer), sharing nothing with this set. */
    public MnistSet head(int n) {
        int m = Math.min(n, count);
        return new MnistSet(Arrays.copyOf(images, m * PIXELS), Arrays.copyOf(labels, m));
    }

    /** Counts of each label, index = digit. */
    public int[] labelCounts() {
        int[] counts = new int[CLASSES];
        for (byte label : labels) {
            counts[label]++;
        }
        return counts;
    }
}
