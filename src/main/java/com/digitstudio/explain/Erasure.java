package com.digitstudio.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The test that makes a saliency claim checkable: erase (set to 0) the ink a saliency map calls most important,
 * and, beside it, as much ink chosen at random; if the map is right, the first hurts the digit's probability far
 * more than the second.
 */
public final class Erasure {
    /** A pixel counts as ink above this value (MNIST's and the pad's background is 0). */
    public static final float INK = 0.1f;
    /** The share of the ink erased. */
    public static final double SHARE = 0.10;

    private Erasure() {
    }

    /** The indices of the ink pixels of {@code pixels[offset .. offset+784)}. */
    public static int[] ink(float[] pixels, int offset) {
        List<Integer> ink = new ArrayList<>();
        for (int p = 0; p < 784; p++) {
            if (pixels[offset + p] > INK) {
                ink.add(p);
            }
        }
        return ink.stream().mapToInt(Integer::intValue).toArray();
    }

    /** How many pixels "10% of the ink" is for this image: at least one when there is ink. */
    public static int count(int inkPixels) {
        return inkPixels == 0 ? 0 : Math.max(1, (int) Math.round(SHARE * inkPixels));
    }

    /** The image with its {@link #count k} most salient ink pixels (largest attribution) set to 0. */
    public static float[] mostSalient(float[] pixels, float[] attribution) {
        int[] ink = ink(pixels, 0);
        Integer[] order = Arrays.stream(ink).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer p) -> -attribution[p]).thenComparingInt(p -> p));
        float[] out = pixels.clone();
        for (int i = 0; i < count(ink.length); i++) {
            out[order[i]] = 0f;
        }
        return out;
    }

    /** The image with as many ink pixels as {@link #mostSalient} erases, chosen at random, set to 0. */
    public static float[] random(float[] pixels, SplittableRandom random) {
        int[] ink = ink(pixels, 0);
        int k = count(ink.length);
        for (int i = 0; i < k; i++) { // partial Fisher-Yates: the first k of a random order
            int j = i + random.nextInt(ink.length - i);
            int t = ink[i];
            ink[i] = ink[j];
            ink[j] = t;
        }
        float[] out = pixels.clone();
        for (int i = 0; i < k; i++) {
            out[ink[i]] = 0f;
        }
        return out;
    }
}
