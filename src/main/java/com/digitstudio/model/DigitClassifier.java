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

    /** One layer as a summary shows it: its output shape for one image (no batch axis) and its parameter count. */
    record Layer(String name, String type, java.util.List<Long> outputShape, long parameters) {
    }

    /** The layers in order, input to output; empty when the model cannot say. */
    default java.util.List<Layer> layers() {
        return java.util.List.of();
    }

    /**
     * The pixel scaling this model made elsewhere is fed (found by scoring, or given by the user); empty for
     * models that say themselves how they read pixels (Digit Studio's own).
     */
    default java.util.Optional<PixelScale> inputScale() {
        return java.util.Optional.empty();
    }

    @Override
    default void close() {
    }
}
