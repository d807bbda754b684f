package com.digitstudio.model;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's reference: the same network as a DL4J MultiLayerNetwork, which must really learn. */
class ReferenceNetworkTest {
    @Test
    void fittingOneBatchRepeatedlyLowersItsLoss() {
        ReferenceNetwork network = new ReferenceNetwork(7, 0.002, 0.0);
        SplittableRandom random = new SplittableRandom(3);
        int n = 8;
        float[] pixels = new float[n * 784];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            for (int p = 0; p < 784; p++) {
                pixels[i * 784 + p] = (float) random.nextDouble();
            }
        }
        double first = network.fit(pixels, labels);
        double last = first;
        for (int step = 0; step < 8; step++) {
            last = network.fit(pixels, labels);
        }
        assertThat(last).isLessThan(first * 0.8);
    }
}
