package com.digitstudio.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** ND4J, the engine under the network. */
public final class Engine {
    private Engine() {
    }

    /**
     * Loads ND4J's native libraries and runs one small kernel on the calling thread (0.6-0.9 s measured the first time,
     * then nothing). The app calls it on its inference thread while its I/O thread reads the model file, so the two
     * halves of opening the first model overlap.
     */
    public static void start() {
        try (var probe = Nd4j.zeros(DataType.FLOAT, 2, 2)) {
            probe.addi(1);
        }
    }
}
