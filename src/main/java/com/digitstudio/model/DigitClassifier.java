package com.digitstudio.model;

/**
 * Anything that reads 28×28 digits: pixels in [0, 1] (0 = background, 1 = ink), row-major, 784 per image.
 * Implementations are not thread-safe: call one from a single thread at a time (the app uses one dedicated
 * inference thread; SameDiff keeps a session per calling thread).
 */
public interface DigitClassifier extends AutoCloseable {
    int INPUTS = 784;
    int CLASSES = 10;

    /** Softmax probabilities of the ten digits for {@code n} images packed in {@code pixels} (n × 784). */
    float[][] predict(float[] pixels, int n);

    default float[] predict(float[] pixels) {
        return predict(pixels, 1)[0];
    }

    /** What the model is and how it was made. */
    ModelInfo info();

    @Override
    default void close() {
    }
}
