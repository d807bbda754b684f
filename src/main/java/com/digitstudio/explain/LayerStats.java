package com.digitstudio.explain;

import com.digitstudio.model.Activations;

import java.util.List;

/** A layer's name, shape and value range, for the command line and the Inside tab's labels. */
public record LayerStats(String name, int[] shape, double min, double max, double mean) {

    /** input, conv1, pool1, conv2, pool2, dense, logits, in the order the network runs them. */
    public static List<LayerStats> of(Activations layers) {
        return List.of(
                of("input", new int[]{28, 28, 1}, layers.input()),
                of("conv1", new int[]{28, 28, 32}, layers.conv1()),
                of("pool1", new int[]{14, 14, 32}, layers.pool1()),
                of("conv2", new int[]{14, 14, 64}, layers.conv2()),
                of("pool2", new int[]{7, 7, 64}, layers.pool2()),
                of("dense", new int[]{1024}, layers.dense()),
                of("logits", new int[]{10}, layers.logits()));
    }

    static LayerStats of(String name, int[] shape, float[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (float v : values) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        return new LayerStats(name, shape, min, max, values.length == 0 ? 0 : sum / values.length);
    }
}
