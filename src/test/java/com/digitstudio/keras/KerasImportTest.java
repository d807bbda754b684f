package com.digitstudio.keras;

import com.digitstudio.Mutations;
import com.digitstudio.data.MnistSample;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.foreign.Models;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelFormatException;
import com.digitstudio.model.PixelScale;
import com.digitstudio.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitrary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Keras 2 {@code .h5} files through DL4J's Keras importer. The fixtures are written by
 * {@code src/test/python/make_keras_fixtures.py} in tf.keras 2's file layout, with weights trained in numpy, and
 * {@code expected.json} holds what Keras's arithmetic (computed there in numpy) answers on the app's 500 built-in
 * test images: the import must give the same digits and probabilities, in each file's own input convention.
 */
class KerasImportTest {
    @TempDir
    Path dir;

    static Path fixture(String name) {
        try {
            return Path.of(KerasImportTest.class.getResource("/keras/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode expected(String name) throws IOException {
        return Json.MAPPER.readTree(Files.readString(fixture("expected.json"))).get(name);
    }

    @ParameterizedTest(name = "{0} reads the 500 images as Keras does, {1}")
    @CsvSource({
            "cnn-sequential.h5, 'pixels 0..1, NHWC [N,28,28,1]'",
            "mlp-logits.h5, 'pixels 0..1, 784 values [N,784]'",
            "mlp-functional-bytes.h5, 'pixels 0..255, 784 values [N,784]'"})
    void aKeras2FileGivesKerasesAnswersInItsOwnInputConvention(String file, String convention) throws IOException {
        JsonNode expected = expected(file);
        MnistSet sample = MnistSample.get();
        try (DigitClassifier model = Models.load(fixture(file))) {
            assertThat(model.info().normalisation()).isEqualTo("expects " + convention);
            float[] pixels = new float[sample.size() * DigitClassifier.INPUTS];
            for (int i = 0; i < sample.size(); i++) {
                sample.copyPixels(i, pixels, i * DigitClassifier.INPUTS);
            }
            float[][] probabilities = model.predict(pixels, sample.size());
            int same = 0;
            for (int i = 0; i < sample.size(); i++) {
                same += argmax(probabilities[i]) == expected.get("sample_predictions").get(i).asInt() ? 1 : 0;
            }
            assertThat(same).isEqualTo(sample.size());
            for (int i = 0; i < 10; i++) {
                for (int k = 0; k < 10; k++) {
                    assertThat((double) probabilities[i][k])
                            .isCloseTo(expected.get("sample_probabilities_first_10").get(i).get(k).asDouble(), within(1e-4));
                }
            }
            assertThat(Evaluator.evaluate(model, sample).accuracy())
                    .isCloseTo(expected.get("sample_accuracy").asDouble(), within(1e-9));
        }
    }

    @Test
    void aModelWithoutSoftmaxGetsItsScaleFromCrossEntropyWhereAccuracyWouldPickTheWrongOne() throws IOException {
        MnistSet sample = MnistSample.get();
        try (DigitClassifier unit = Models.load(fixture("mlp-logits.h5"), PixelScale.UNIT);
             DigitClassifier bytes = Models.load(fixture("mlp-logits.h5"), PixelScale.BYTE)) {
            // read 255 times too bright, this network is right more often on these 500 images...
            assertThat(Evaluator.evaluate(bytes, sample).correct()).isGreaterThan(Evaluator.evaluate(unit, sample).correct());
            // ...but wildly sure of its mistakes, which is how the right scale is found
            assertThat(Evaluator.evaluate(bytes, sample).loss()).isGreaterThan(3 * Evaluator.evaluate(unit, sample).loss());
        }
    }

    @Test
    void theUsersScaleWinsAndTheSummarySaysItWasAsked() throws IOException {
        try (DigitClassifier model = Models.load(fixture("mlp-functional-bytes.h5"), PixelScale.UNIT)) {
            assertThat(model.info().normalisation()).isEqualTo("expects pixels 0..1, 784 values [N,784] (as asked)");
            assertThat(Evaluator.evaluate(model, MnistSample.get()).accuracy()).isLessThan(0.5);
        }
    }

    @Test
    void theSummaryListsTheKerasLayersWithShapesAndParameters() throws IOException {
        try (DigitClassifier model = Models.load(fixture("cnn-sequential.h5"))) {
            assertThat(model.info().architecture()).isEqualTo("Keras 2.10.0 Sequential model (.h5, 5 layers)");
            assertThat(model.layers()).extracting(DigitClassifier.Layer::name)
                    .containsExactly("input", "conv2d", "max_pooling2d", "dense");
            assertThat(model.layers().get(1).outputShape()).containsExactly(26L, 26L, 8L);
            assertThat(model.layers().get(1).parameters()).isEqualTo(3 * 3 * 8 + 8);
            assertThat(model.layers().stream().mapToLong(DigitClassifier.Layer::parameters).sum()).isEqualTo(13_610);
        }
    }

    @Test
    void aKeras3FileIsRefusedInOneSentenceThatSaysSo() {
        assertThatThrownBy(() -> Models.load(fixture("keras3.h5"))).isInstanceOf(ModelFormatException.class)
                .hasMessage("keras3.h5 was saved by Keras 3.3.3, which this app cannot open (it reads Keras 1 and 2 "
                        + "files); save it from Keras 2, or export it to ONNX.");
    }

    @Test
    void aKeras3ZipIsRefusedByName() throws IOException {
        Path file = dir.resolve("digits.keras");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("config.json"));
            zip.write("{\"class_name\": \"Sequential\"}".getBytes());
            zip.closeEntry();
        }
        assertThatThrownBy(() -> Models.load(file)).isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("digits.keras is a Keras 3 model (.keras), which this app cannot open");
    }

    @Test
    void weightsWithoutAModelAreRefusedWithWhatToDo() {
        assertThatThrownBy(() -> Models.load(fixture("weights-only.h5"))).isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("holds Keras weights but no model").hasMessageContaining("model.save");
    }

    @Test
    void aSmallFileDeclaringHugeWeightsIsRefusedBeforeAnythingIsAllocated() throws IOException {
        assertThat(Files.size(fixture("huge-declared.h5"))).isLessThan(64 * 1024);
        assertThatThrownBy(() -> Models.load(fixture("huge-declared.h5"))).isInstanceOf(ModelFormatException.class)
                .hasMessage("huge-declared.h5 declares more than 67,108,864 weights; a Keras digit model this app "
                        + "opens has at most that many.");
    }

    @Test
    void aConfigDeclaringHugeLayersIsRefusedBeforeTheImporterBuildsThem() {
        // the importer allocates from the config's sizes before it reads a weight: 1,352 x 100 M floats here
        assertThatThrownBy(() -> Models.load(fixture("huge-config.h5"))).isInstanceOf(ModelFormatException.class)
                .hasMessage("huge-config.h5 declares layers with 135,300,000,080 weights; a Keras digit model this app "
                        + "opens has at most 67,108,864.");
    }

    @Test
    void bytesThatAreNotHdf5AndTruncatedFilesAreOneSentenceEach() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.h5"), "not a model");
        assertThatThrownBy(() -> Models.load(text)).isInstanceOf(ModelFormatException.class)
                .hasMessage("notes.h5 is not a Keras .h5 model (it is not an HDF5 file).");
        byte[] whole = Files.readAllBytes(fixture("cnn-sequential.h5"));
        Path cut = Files.write(dir.resolve("cut.h5"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertThatThrownBy(() -> Models.load(cut)).isInstanceOf(ModelFormatException.class)
                .hasMessage("cut.h5 is damaged or truncated: HDF5 cannot open it.");
    }

    @Property(tries = 60)
    void aDamagedKerasFileOpensOrIsRefusedNeverAnythingElse(@ForAll("damaged") byte[] bytes) throws IOException {
        Path file = Files.createTempFile("damaged", ".h5");
        try {
            Files.write(file, bytes);
            try (DigitClassifier model = Models.load(file)) {
                assertThat(model.predict(new float[DigitClassifier.INPUTS])).hasSize(10);
            } catch (ModelFormatException refused) {
                assertThat(refused.getMessage()).startsWith(file.getFileName().toString()).doesNotContain("Exception");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Provide
    Arbitrary<byte[]> damaged() throws IOException {
        return Mutations.of(Files.readAllBytes(fixture("cnn-sequential.h5")));
    }

    private static int argmax(float[] p) {
        int best = 0;
        for (int k = 1; k < p.length; k++) {
            best = p[k] > p[best] ? k : best;
        }
        return best;
    }
}
