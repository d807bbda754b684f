package com.digitstudio.model;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class CnnNetworkTest {
    private static final ModelInfo INFO = ModelInfo.untrained("test", Map.of());
    private static CnnNetwork network;

    @BeforeAll
    static void createNetwork() {
        network = CnnNetwork.initialise(42, INFO);
    }

    private static float[] randomImages(int n, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] pixels = new float[n * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        return pixels;
    }

    @Test
    void hasTheTutorialsParameterCount() {
        assertThat(network.parameterCount()).isEqualTo(3_274_634L);
        long declared = CnnNetwork.PARAM_SHAPES.values().stream()
                .mapToLong(shape -> java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)).sum();
        assertThat(declared).isEqualTo(3_274_634L);
    }

    @Test
    void predictsTenProbabilitiesPerImageThatSumToOne() {
        float[][] rows = network.predict(randomImages(5, 1), 5);

        assertThat(rows).hasNumberOfRows(5);
        for (float[] row : rows) {
            assertThat(row).hasSize(10);
            double sum = 0;
            for (float p : row) {
                assertThat(p).isBetween(0f, 1f);
                sum += p;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void aSingleImagePredictionMatchesTheSameImageInABatch() {
        float[] batch = randomImages(2, 2);
        float[] second = java.util.Arrays.copyOfRange(batch, 784, 1568);

        float[] single = network.predict(second);

        assertThat(single).containsExactly(network.predict(batch, 2)[1], within(1e-6f));
    }

    @Test
    void refusesAPixelCountThatDoesNotMatchTheImageCount() {
        assertThatThrownBy(() -> network.predict(new float[784], 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("expected 1568 pixels, got 784");
    }

    @Test
    void theSameSeedGivesTheSameWeightsAndAnotherSeedOthers() {
        CnnNetwork same = CnnNetwork.initialise(42, INFO);
        CnnNetwork other = CnnNetwork.initialise(43, INFO);

        assertThat(same.parameters().get("dense_w")).isEqualTo(network.parameters().get("dense_w"));
        assertThat(other.parameters().get("dense_w")).isNotEqualTo(network.parameters().get("dense_w"));
        assertThat(network.parameters().get("dense_b").sumNumber().doubleValue()).as("biases start at zero").isZero();
    }

    @Test
    void fromParametersCopiesTheValues() {
        Map<String, INDArray> values = new LinkedHashMap<>();
        network.parameters().forEach((name, value) -> values.put(name, value.dup()));

        CnnNetwork copy = CnnNetwork.fromParameters(values, INFO);
        values.get("logits_b").addi(1);

        assertThat(copy.parameters().get("logits_b")).isEqualTo(network.parameters().get("logits_b"));
    }

    @Test
    void fromParametersRefusesAMissingOrMisshapenParameter() {
        Map<String, INDArray> missing = new LinkedHashMap<>(network.parameters());
        missing.remove("conv2_b");
        Map<String, INDArray> misshapen = new LinkedHashMap<>(network.parameters());
        misshapen.put("conv2_b", Nd4j.zeros(DataType.FLOAT, 32));

        assertThatThrownBy(() -> CnnNetwork.fromParameters(missing, INFO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("missing parameter conv2_b");
        assertThatThrownBy(() -> CnnNetwork.fromParameters(misshapen, INFO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("parameter conv2_b has shape [32], expected [64]");
    }

    @Test
    void itsPredictionsAreThoseOfTheSameNetworkWrittenInSameDiff() {
        float[] images = randomImages(3, 5);
        SameDiffReference reference = new SameDiffReference(network.parameters());

        float[][] expected = reference.probabilities(images, 3);
        float[][] batch = network.predict(images, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(batch[i]).containsExactly(expected[i], within(1e-5f));
            assertThat(network.predict(java.util.Arrays.copyOfRange(images, i * 784, i * 784 + 784)))
                    .containsExactly(expected[i], within(1e-5f));
        }
    }

    @Test
    void itsLossAndGradientsAreThoseOfSameDiffsAutomaticDifferentiation() {
        int n = 4;
        float[] images = randomImages(n, 6);
        int[] labels = {3, 0, 9, 3};
        float[] keep = new float[n * CnnNetwork.HIDDEN];
        SplittableRandom random = new SplittableRandom(8);
        for (int i = 0; i < keep.length; i++) {
            keep[i] = random.nextDouble() < 0.6 ? 1 / 0.6f : 0f;
        }
        var expected = new SameDiffReference(network.parameters()).gradients(images, labels, keep);

        CnnNetwork.Step step = network.forwardBackward(images, labels, keep);

        assertThat(step.loss()).isCloseTo(expected.getOutputs().get("loss").getDouble(0), within(1e-5));
        for (String name : CnnNetwork.PARAM_SHAPES.keySet()) {
            INDArray want = expected.getGradients().get(name);
            INDArray got = step.gradients().get(name);
            assertThat(got.shape()).as(name).isEqualTo(want.shape());
            double scale = Math.max(1e-6, want.norm2Number().doubleValue());
            assertThat(got.sub(want).norm2Number().doubleValue() / scale).as("relative error of " + name + "'s gradient")
                    .isLessThan(1e-4);
        }
    }

    @Test
    void activationsComeFromThePassThatGivesThePrediction() {
        float[] image = randomImages(1, 9);

        Activations layers = network.activations(image);

        assertThat(layers.probabilities()).containsExactly(network.predict(image), within(1e-7f));
        assertThat(layers.input()).containsExactly(image);
        assertThat(layers.conv1()).hasSize(28 * 28 * 32);
        assertThat(layers.pool1()).hasSize(14 * 14 * 32);
        assertThat(layers.conv2()).hasSize(14 * 14 * 64);
        assertThat(layers.pool2()).hasSize(7 * 7 * 64);
        assertThat(layers.dense()).hasSize(1024);
        // pool1 at (row 3, column 5, channel 7) is the largest of conv1's 2×2 window below it
        float max = Float.NEGATIVE_INFINITY;
        for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
                max = Math.max(max, layers.conv1()[((6 + dy) * 28 + 10 + dx) * 32 + 7]);
            }
        }
        assertThat(layers.pool1()[(3 * 14 + 5) * 32 + 7]).isEqualTo(max);
        for (float v : layers.conv1()) {
            assertThat(v).as("after ReLU").isGreaterThanOrEqualTo(0f);
        }
    }
}
