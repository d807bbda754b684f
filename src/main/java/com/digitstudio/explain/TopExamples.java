package com.digitstudio.explain;

import com.digitstudio.data.MnistSet;
import com.digitstudio.model.CnnNetwork;

import java.util.Arrays;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * For each of conv2's 64 maps and each of the 1,024 dense units, the test images that excite it most (a map by
 * its largest value, a unit by its value): real examples of what a unit responds to.
 *
 * @param indices per unit (conv2 maps 0-63, then dense units), the images' indices in the test set, strongest first
 * @param peaks   the matching activations
 */
public record TopExamples(int[][] indices, float[][] peaks, int images) {
    public static final int PER_UNIT = 9;
    public static final int CONV2_MAPS = 64;
    public static final int UNITS = CONV2_MAPS + CnnNetwork.HIDDEN;
    private static final int CHUNK = 500;

    /** Runs the whole of {@code test} through the network; null if cancelled. */
    public static TopExamples compute(CnnNetwork network, MnistSet test, DoubleConsumer progress, BooleanSupplier cancelled) {
        int[][] best = new int[UNITS][PER_UNIT];
        float[][] peaks = new float[UNITS][PER_UNIT];
        for (int u = 0; u < UNITS; u++) {
            Arrays.fill(best[u], -1);
            Arrays.fill(peaks[u], Float.NEGATIVE_INFINITY);
        }
        float[] pixels = new float[CHUNK * MnistSet.PIXELS];
        for (int start = 0; start < test.size(); start += CHUNK) {
            if (cancelled.getAsBoolean()) {
                return null;
            }
            int n = Math.min(CHUNK, test.size() - start);
            for (int i = 0; i < n; i++) {
                test.copyPixels(start + i, pixels, i * MnistSet.PIXELS);
            }
            float[] values = network.unitPeaks(n == CHUNK ? pixels : Arrays.copyOf(pixels, n * MnistSet.PIXELS), n);
            for (int i = 0; i < n; i++) {
                for (int u = 0; u < UNITS; u++) {
                    insert(best[u], peaks[u], start + i, values[i * UNITS + u]);
                }
            }
            progress.accept((double) (start + n) / test.size());
        }
        return new TopExamples(best, peaks, test.size());
    }

    /** Keeps the row sorted, strongest first; ties keep the earlier image. */
    private static void insert(int[] indices, float[] values, int index, float value) {
        int last = PER_UNIT - 1;
        if (!(value > values[last])) {
            return;
        }
        int at = last;
        while (at > 0 && value > values[at - 1]) {
            values[at] = values[at - 1];
            indices[at] = indices[at - 1];
            at--;
        }
        values[at] = value;
        indices[at] = index;
    }
}
