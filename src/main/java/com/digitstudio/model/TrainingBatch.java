package com.digitstudio.model;

/**
 * One training step's input, with the part of the work that depends only on the input done up front, on any
 * thread (the training loop does it on its batch thread, while the network computes the previous step):
 * {@code pixels} n×784, {@code labels} n digits, {@code keep} the n×1024 dropout mask (0 or 1/keep), and
 * {@code patches}, every 5×5 window of every image with a trailing 1 (n·784 rows of 26), from which the first
 * convolution's weight and bias gradients are one matrix product.
 */
public record TrainingBatch(float[] pixels, int[] labels, float[] keep, float[] patches) {
    static final int PATCH = 26;

    /** Checks the sizes and computes the patches. */
    public static TrainingBatch of(float[] pixels, int[] labels, float[] keep) {
        return of(pixels, labels, keep, null);
    }

    /**
     * The same, writing the patches into {@code reuse} when it has the right size (a batch maker's recycled
     * buffer: 8 MB a batch of 100 is too much to allocate at every step).
     */
    public static TrainingBatch of(float[] pixels, int[] labels, float[] keep, float[] reuse) {
        int n = labels.length;
        if (pixels.length != n * DigitClassifier.INPUTS || keep.length != n * CnnNetwork.HIDDEN) {
            throw new IllegalArgumentException("a batch of " + n + " needs " + n * DigitClassifier.INPUTS + " pixels and "
                    + n * CnnNetwork.HIDDEN + " mask values, got " + pixels.length + " and " + keep.length);
        }
        for (int label : labels) {
            if (label < 0 || label >= DigitClassifier.CLASSES) {
                throw new IllegalArgumentException("label " + label + " is not a digit");
            }
        }
        int size = n * DigitClassifier.INPUTS * PATCH;
        float[] patches = reuse != null && reuse.length == size ? reuse : new float[size];
        fillPatches(pixels, n, patches);
        return new TrainingBatch(pixels, labels, keep, patches);
    }

    public int size() {
        return labels.length;
    }

    /** im2col of the 5×5 SAME windows (zeros outside the image), row (image, y, x), column ky·5+kx, then a 1. */
    private static void fillPatches(float[] pixels, int n, float[] out) {
        int row = 0;
        for (int image = 0; image < n; image++) {
            int base = image * DigitClassifier.INPUTS;
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++, row += PATCH) {
                    for (int ky = 0; ky < 5; ky++) {
                        int sy = y + ky - 2;
                        boolean rowInside = sy >= 0 && sy < 28;
                        for (int kx = 0; kx < 5; kx++) {
                            int sx = x + kx - 2;
                            out[row + ky * 5 + kx] = rowInside && sx >= 0 && sx < 28 ? pixels[base + sy * 28 + sx] : 0f;
                        }
                    }
                    out[row + 25] = 1f;
                }
            }
        }
    }
}
