package com.digitstudio.explain;

import com.digitstudio.Fixtures;
import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.model.Activations;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.ShippedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Layer arithmetic, saliency, erasure and top examples, on the shipped model and MNIST test images. */
class ExplainCoreTest {
    private static CnnNetwork network;
    private static MnistSet test;
    private static LayerArithmetic arithmetic;

    @BeforeAll
    static void load() throws IOException {
        network = ShippedModel.load();
        test = MnistData.load(Fixtures.mini(), MnistData.Split.TEST);
        arithmetic = new LayerArithmetic(network.weights());
    }

    @Test
    void theConvolutionArithmeticGivesTheNetworksOwnValues() {
        Activations layers = network.activations(test.pixels(0));
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 40; i++) {
            int y = random.nextInt(28);
            int x = random.nextInt(28);
            int map = random.nextInt(32);
            LayerArithmetic.Convolution c = arithmetic.conv1(layers, y, x, map);
            assertThat(c.value()).as("conv1 (%d, %d) map %d", y, x, map)
                    .isCloseTo(layers.conv1()[(y * 28 + x) * 32 + map], within(1e-4f));
            double products = 0;
            for (double p : c.products()) {
                products += p;
            }
            assertThat(products + c.bias()).isCloseTo(c.sum(), within(1e-9));
        }
        for (int i = 0; i < 40; i++) {
            int y = random.nextInt(14);
            int x = random.nextInt(14);
            int map = random.nextInt(64);
            assertThat(arithmetic.conv2(layers, y, x, map).value()).as("conv2 (%d, %d) map %d", y, x, map)
                    .isCloseTo(layers.conv2()[(y * 14 + x) * 64 + map], within(1e-4f));
        }
    }

    @Test
    void windowsAtTheEdgeReadZerosOutsideTheImage() {
        Activations layers = network.activations(test.pixels(1));
        LayerArithmetic.Convolution corner = arithmetic.conv1(layers, 0, 0, 3);
        for (int ky = 0; ky < 2; ky++) {
            for (int kx = 0; kx < 5; kx++) {
                assertThat(corner.window()[ky * 5 + kx]).isZero();
            }
        }
        assertThat(corner.value()).isCloseTo(layers.conv1()[3], within(1e-4f));
    }

    @Test
    void thePoolingArithmeticIsTheMaximumOfItsWindow() {
        Activations layers = network.activations(test.pixels(2));
        for (int map = 0; map < 64; map += 7) {
            LayerArithmetic.Pooling p = LayerArithmetic.pool2(layers, 3, 4, map);
            assertThat(p.value()).isEqualTo(layers.pool2()[(3 * 7 + 4) * 64 + map]);
            assertThat(p.window()).contains(p.value());
        }
        assertThat(LayerArithmetic.pool1(layers, 5, 6, 9).value()).isEqualTo(layers.pool1()[(5 * 14 + 6) * 32 + 9]);
    }

    @Test
    void theLogitGradientMatchesFiniteDifferences() {
        float[] image = test.pixels(3);
        int digit = Evaluator.argmax(network.predict(image));
        float[] gradient = network.logitGradients(image, new int[]{digit});
        int[] ink = Erasure.ink(image, 0);
        for (int k = 0; k < ink.length; k += Math.max(1, ink.length / 8)) {
            int p = ink[k];
            float h = 1e-2f;
            float[] up = image.clone();
            float[] down = image.clone();
            up[p] += h;
            down[p] -= h;
            double numeric = (network.activations(up).logits()[digit] - network.activations(down).logits()[digit]) / (2.0 * h);
            assertThat(gradient[p]).as("pixel %d", p).isCloseTo((float) numeric, within(0.05f + 0.05f * Math.abs((float) numeric)));
        }
    }

    @Test
    void integratedGradientsAddUpToTheLogitsChangeFromABlankImage() {
        float[] image = test.pixels(4);
        int digit = Evaluator.argmax(network.predict(image));
        float[] attribution = Saliency.INTEGRATED_GRADIENTS.attribute(network, image, digit);
        double sum = 0;
        for (float a : attribution) {
            sum += a;
        }
        double change = network.activations(image).logits()[digit] - network.activations(new float[784]).logits()[digit];
        assertThat(sum).isCloseTo(change, within(0.1 * Math.abs(change)));
    }

    @Test
    void gradientTimesInputIsZeroWhereThereIsNoInk() {
        float[] image = test.pixels(5);
        float[] attribution = Saliency.GRADIENT_TIMES_INPUT.attribute(network, image, 7);
        for (int p = 0; p < 784; p++) {
            if (image[p] == 0) {
                assertThat(attribution[p]).isZero();
            }
        }
    }

    @Test
    void erasingTakesTheMostSalientTenthOfTheInk() {
        float[] image = test.pixels(6);
        int[] ink = Erasure.ink(image, 0);
        float[] attribution = new float[784];
        for (int i = 0; i < ink.length; i++) {
            attribution[ink[i]] = i; // the last ink pixels are the most salient
        }
        float[] erased = Erasure.mostSalient(image, attribution);
        int k = Erasure.count(ink.length);
        int changed = 0;
        for (int p = 0; p < 784; p++) {
            if (erased[p] != image[p]) {
                changed++;
                assertThat(erased[p]).isZero();
                assertThat(attribution[p]).isGreaterThanOrEqualTo(ink.length - k);
            }
        }
        assertThat(changed).isEqualTo(k);
        float[] random = Erasure.random(image, new SplittableRandom(3));
        int randomChanged = 0;
        for (int p = 0; p < 784; p++) {
            randomChanged += random[p] != image[p] ? 1 : 0;
        }
        assertThat(randomChanged).isEqualTo(k);
    }

    @Test
    void erasingTheSalientInkHurtsTheDigitMoreThanErasingRandomInk() {
        Faithfulness.Result result = Faithfulness.measure(network, Saliency.GRADIENT_TIMES_INPUT, test, 60, 42, f -> { }, () -> false);
        assertThat(result.examples()).isEqualTo(60);
        assertThat(result.salientDrop()).isGreaterThan(3 * result.randomDrop());
    }

    @Test
    void topExamplesAreTheImagesThatExciteAUnitMostStrongestFirst() {
        MnistSet some = test.head(300);
        TopExamples top = TopExamples.compute(network, some, f -> { }, () -> false);
        for (int unit : new int[]{5, 63, 64 + 100, 64 + 1000}) {
            int[] best = top.indices()[unit];
            float[] peaks = top.peaks()[unit];
            for (int i = 1; i < TopExamples.PER_UNIT; i++) {
                assertThat(peaks[i]).isLessThanOrEqualTo(peaks[i - 1]);
            }
            float strongest = peak(network.activations(some.pixels(best[0])), unit);
            assertThat(strongest).isCloseTo(peaks[0], within(1e-4f));
            for (int image = 0; image < some.size(); image += 37) {
                assertThat(peak(network.activations(some.pixels(image)), unit)).isLessThanOrEqualTo(peaks[0] + 1e-4f);
            }
        }
    }

    @Test
    void topExamplesComeBackFromTheCacheForTheSameModel(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        MnistSet some = test.head(100);
        TopExamples top = TopExamples.compute(network, some, f -> { }, () -> false);
        TopExamplesCache cache = new TopExamplesCache(dir);
        String fingerprint = network.fingerprint();
        assertThat(cache.get(fingerprint, some.size())).isEmpty();
        cache.put(fingerprint, top);
        assertThat(cache.get(fingerprint, some.size())).hasValueSatisfying(
                cached -> assertThat(cached.indices()).isDeepEqualTo(top.indices()));
        assertThat(cache.get(fingerprint, 10_000)).as("another test set").isEmpty();
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"not json at all", "null", "{}", "{\"indices\":[[1,2]],\"peaks\":[[1,2]],\"images\":100}",
            "{\"indices\":\"x\",\"peaks\":3,\"images\":100}", "TRUNCATED", "OUT_OF_RANGE", "SHORT_ROW", "HUGE"})
    void aDamagedOrForeignCacheFileIsIgnoredNotTrusted(String content, @org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        TopExamplesCache cache = new TopExamplesCache(dir);
        String fingerprint = "ab".repeat(32);
        MnistSet some = test.head(100);
        TopExamples real = TopExamples.compute(network, some, f -> { }, () -> false);
        cache.put(fingerprint, real);
        Path file = dir.resolve(fingerprint + ".json");
        String json = java.nio.file.Files.readString(file);
        String crafted = switch (content) {
            case "TRUNCATED" -> json.substring(0, json.length() / 2);
            case "OUT_OF_RANGE" -> json.replaceFirst("\\[\\[(\\d+)", "[[100000");
            case "SHORT_ROW" -> json.replaceFirst("\\[\\[(\\d+),", "[[");
            case "HUGE" -> " ".repeat((int) TopExamplesCache.MAX_BYTES + 1) + json;
            default -> content;
        };
        java.nio.file.Files.writeString(file, crafted);

        assertThat(cache.get(fingerprint, some.size())).isEmpty();
    }

    private static float peak(Activations layers, int unit) {
        if (unit >= 64) {
            return layers.dense()[unit - 64];
        }
        float max = 0;
        for (int p = 0; p < 196; p++) {
            max = Math.max(max, layers.conv2()[p * 64 + unit]);
        }
        return max;
    }
}
