package com.digitstudio.cli;

import com.digitstudio.Fixtures;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.SavedModel;
import com.digitstudio.support.Json;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The command line, run in-process. One short training run on the mini fixture is shared by the tests; SameDiff
 * writes its own lines to the process's stdout, so only lines starting with '{' are read as JSON.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliTest {
    @TempDir
    static Path dir;

    private Path model;
    private Result training;

    /** What a command did: its exit code and what it wrote. */
    record Result(int code, String out, String err) {
        List<JsonNode> json() {
            return out.lines().filter(line -> line.startsWith("{")).map(line -> {
                try {
                    return Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }

        List<JsonNode> events(String event) {
            return json().stream().filter(node -> node.path("event").asText().equals(event)).toList();
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    private static String mini() {
        return Fixtures.mini().toString();
    }

    /** A user's mistake: a non-zero exit code and one sentence on stderr, no stack trace. */
    private static void assertOneSentenceError(Result result, String expected) {
        assertThat(result.code()).isNotZero();
        assertThat(result.err().strip()).isEqualTo("digit-studio: " + expected);
        assertThat(result.err().strip().lines()).hasSize(1);
        assertThat(result.err()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @BeforeAll
    void trainOnTheMiniFixture() {
        model = dir.resolve("mini.dsm");
        training = run("train", "--data", mini(), "--no-download", "--steps", "20", "--batch", "32", "--seed", "3",
                "--json", "--out", model.toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "train", "eval", "predict", "strokes", "explain", "benchmark"})
    void everyCommandHasHelp(String command) {
        Result result = command.isEmpty() ? run("--help") : run(command, "--help");

        assertThat(result.code()).isZero();
        assertThat(result.out()).startsWith("Usage: digit-studio" + (command.isEmpty() ? "" : " " + command));
        switch (command) {
            case "" -> assertThat(result.out()).contains("train", "eval", "predict");
            case "train" -> assertThat(result.out()).contains("--preset", "--steps", "--epochs", "--batch", "--lr",
                    "--seed", "--data", "--out", "--resume", "--json", "--no-download");
            case "eval" -> assertThat(result.out()).contains("--model", "--data", "--json");
            case "predict" -> assertThat(result.out()).contains("--model", "IMAGE", "--json");
            default -> assertThat(result.out()).contains("--help");
        }
    }

    @Test
    void trainPrintsAJsonLinePerStepThenASummary() {
        assertThat(training.code()).as(training.err()).isZero();
        List<JsonNode> steps = training.events("step");
        assertThat(steps).hasSize(20);
        assertThat(steps.get(0).get("step").asLong()).isEqualTo(1);
        assertThat(steps.get(19).get("step").asLong()).isEqualTo(20);
        assertThat(steps.get(19).get("steps").asLong()).isEqualTo(20);
        assertThat(steps).allSatisfy(step -> {
            assertThat(step.get("loss").asDouble()).isPositive();
            assertThat(step.has("batch_accuracy")).isTrue();
            assertThat(step.get("samples_per_s").asDouble()).isPositive();
        });

        List<JsonNode> json = training.json();
        JsonNode summary = json.get(json.size() - 1);
        assertThat(summary.get("event").asText()).isEqualTo("summary");
        assertThat(summary.get("steps").asLong()).isEqualTo(20);
        assertThat(summary.get("accuracy").asDouble()).isBetween(0.0, 1.0);
        assertThat(summary.get("loss").asDouble()).isPositive();
        assertThat(summary.get("samples_per_s").asDouble()).isPositive();
        assertThat(summary.get("seconds").isNumber()).isTrue();
        assertThat(summary.get("median_step_ms").isNull()).as("20 steps are all warm-up: no steady state").isTrue();
        assertThat(summary.get("model").asText()).isEqualTo(model.toString());
        assertThat(training.events("evaluation")).hasSize(1);
        assertThat(training.events("evaluation").get(0).get("examples").asInt()).isEqualTo(500);
    }

    @Test
    void trainSavesTheModelAndACheckpointBesideIt() throws IOException {
        SavedModel saved = ModelFiles.read(model);
        assertThat(saved.isCheckpoint()).isFalse();
        assertThat(saved.info().steps()).isEqualTo(20);
        assertThat(saved.info().preset()).isEqualTo("fast");

        SavedModel checkpoint = ModelFiles.read(dir.resolve("mini.ckpt.dsm"));
        assertThat(checkpoint.isCheckpoint()).isTrue();
        assertThat(checkpoint.info().steps()).isEqualTo(20);
    }

    @Test
    void evalOfTheSavedModelGivesTheAccuracyTrainingReported() {
        JsonNode summary = training.events("summary").get(0);

        Result result = run("eval", "--model", model.toString(), "--data", mini(), "--no-download", "--json");

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.json()).hasSize(1);
        JsonNode eval = result.json().get(0);
        assertThat(eval.get("accuracy").asDouble()).isEqualTo(summary.get("accuracy").asDouble());
        assertThat(eval.get("loss").asDouble()).isCloseTo(summary.get("loss").asDouble(), within(1e-5));
        assertThat(eval.get("examples").asInt()).isEqualTo(500);
        assertThat(eval.get("model").asText()).isEqualTo("mini");
    }

    @Test
    void evalWithoutJsonPrintsOneReadableLine() {
        Result result = run("eval", "--model", model.toString(), "--data", mini(), "--no-download");

        assertThat(result.code()).isZero();
        assertThat(result.out().strip()).startsWith("mini: accuracy ").contains("of 500");
    }

    @Test
    void trainResumesFromACheckpoint() throws IOException {
        Path checkpoint = Files.copy(dir.resolve("mini.ckpt.dsm"), dir.resolve("resume.ckpt.dsm"));

        Result result = run("train", "--resume", checkpoint.toString(), "--steps", "22", "--data", mini(),
                "--no-download", "--json", "--out", dir.resolve("resumed.dsm").toString());

        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.events("step")).extracting(step -> step.get("step").asLong()).containsExactly(21L, 22L);
        assertThat(result.events("summary").get(0).get("steps").asLong()).isEqualTo(22);
        assertThat(ModelFiles.read(checkpoint).info().steps()).as("the checkpoint is brought up to date").isEqualTo(22);
    }

    @Test
    void infoSummarisesTheShippedModelAndScoresItOnTheAppsOwnSample() {
        Result result = run("info", "--json");

        assertThat(result.code()).as(result.err()).isZero();
        JsonNode info = result.events("info").get(0);
        assertThat(info.get("layers")).hasSize(8);
        assertThat(info.get("layers").get(1).get("output_shape").toString()).isEqualTo("[28,28,32]");
        assertThat(info.get("total_parameters").asLong()).isEqualTo(3_274_634L);
        assertThat(info.get("sample_images").asInt()).isEqualTo(500);
        assertThat(info.get("sample_accuracy").asDouble()).isGreaterThan(0.99);
        assertThat(info.get("input_convention").asText()).contains("[0,1]");
    }

    @Test
    void aMissingModelFileIsOneSentence() {
        Path missing = dir.resolve("nowhere.dsm");

        Result result = run("eval", "--model", missing.toString(), "--data", mini(), "--no-download");

        assertOneSentenceError(result, "There is no file " + missing + ".");
    }

    @Test
    void aFileThatIsNotAModelIsOneSentence() throws IOException {
        Path notes = Files.writeString(dir.resolve("notes.txt"), "hello");

        Result result = run("eval", "--model", notes.toString(), "--data", mini(), "--no-download");

        assertOneSentenceError(result, "notes.txt is not a model file (it is not a zip archive).");
    }

    @Test
    void aLearningRateOutOfRangeIsOneSentence() {
        Result result = run("train", "--lr", "-1", "--steps", "1", "--data", mini(), "--no-download",
                "--out", dir.resolve("never.dsm").toString());

        assertOneSentenceError(result, "Learning rate must be above 0 and at most 10 (got -1.0).");
        assertThat(dir.resolve("never.dsm")).doesNotExist();
    }

    @Test
    void aLearningRateThatIsNotANumberIsOneSentence() {
        Result result = run("train", "--lr", "fast", "--steps", "1", "--data", mini(), "--no-download");

        assertOneSentenceError(result,
                "Invalid value for option '--lr': 'fast' is not a double (see digit-studio train --help).");
    }

    @Test
    void anUnknownPresetIsOneSentence() {
        Result result = run("train", "--preset", "turbo", "--steps", "1", "--data", mini(), "--no-download");

        assertOneSentenceError(result, "Unknown preset 'turbo'; choose tutorial, fast or robust.");
    }

    @Test
    void aMistypedOptionIsReportedBeforeMnistIsLookedFor() throws IOException {
        Path noMnist = Files.createDirectories(dir.resolve("no-mnist-here"));

        assertOneSentenceError(run("train", "--optimizer", "rmsprop", "--data", noMnist.toString(), "--no-download"),
                "Unknown optimizer 'rmsprop'; choose sgd, momentum or adam.");
        assertOneSentenceError(run("train", "--preset", "turbo", "--data", noMnist.toString(), "--no-download"),
                "Unknown preset 'turbo'; choose tutorial, fast or robust.");
    }

    @Test
    void anUnknownOptimizerIsOneSentence() {
        Result result = run("train", "--optimizer", "rmsprop", "--steps", "1", "--data", mini(), "--no-download");

        assertOneSentenceError(result, "Unknown optimizer 'rmsprop'; choose sgd, momentum or adam.");
    }

    @Test
    void aDataFolderWithoutMnistIsOneSentenceWhenDownloadsAreOff() throws IOException {
        Path empty = Files.createDirectory(dir.resolve("empty"));

        Result train = run("train", "--data", empty.toString(), "--no-download", "--steps", "1");
        Result eval = run("eval", "--model", model.toString(), "--data", empty.toString(), "--no-download");

        assertOneSentenceError(train, "MNIST file train-images-idx3-ubyte.gz is not in " + empty + ".");
        assertOneSentenceError(eval, "MNIST file t10k-images-idx3-ubyte.gz is not in " + empty + ".");
    }

    @Test
    void aDamagedDataFileIsOneSentence() throws IOException {
        Path data = Files.createDirectory(dir.resolve("damaged"));
        Files.copy(Fixtures.mini().resolve("t10k-labels-idx1-ubyte.gz"), data.resolve("t10k-labels-idx1-ubyte.gz"));
        Files.writeString(data.resolve("t10k-images-idx3-ubyte"), "not an IDX file");

        Result result = run("eval", "--model", model.toString(), "--data", data.toString(), "--no-download");

        assertOneSentenceError(result,
                "t10k-images-idx3-ubyte is not an IDX file: its magic number is 0x6E6F7420, expected 0x00000803.");
    }

    @Test
    void anUnknownCommandOrOptionIsOneSentence() {
        assertOneSentenceError(run("fly"), "Unmatched argument at index 0: 'fly' (see digit-studio --help).");
        assertOneSentenceError(run("eval", "--colour"), "Unknown option: '--colour' (see digit-studio eval --help).");
        Result both = run("train", "--steps", "5", "--epochs", "1");
        assertOneSentenceError(both, "Error: --steps=N, --epochs=E are mutually exclusive (specify only one) (see digit-studio train --help).");
    }

    @Test
    void strokesScoresDrawingsWithTheShippedModelPerDigitAndPerGroup() throws IOException {
        String one = "[[[50, 0], [50, 100]]]";
        String seven = "[[[0, 0], [60, 0], [20, 100]]]";
        Path file = dir.resolve("drawn.jsonl");
        Files.writeString(file, String.join("\n",
                "{\"label\": 1, \"writer\": \"a\", \"strokes\": " + one + "}",
                "{\"label\": 1, \"writer\": \"a\", \"strokes\": " + one + "}",
                "{\"label\": 4, \"writer\": \"b\", \"strokes\": " + one + "}",
                "{\"label\": 7, \"writer\": \"b\", \"strokes\": " + seven + "}",
                "{\"label\": 7, \"strokes\": " + seven + "}",
                "{\"label\": 3, \"writer\": \"a\", \"strokes\": []}"));

        Result json = run("strokes", "--input", file.toString(), "--by", "writer", "--json");
        Result text = run("strokes", "--input", file.toString(), "--by", "writer");

        assertThat(json.code()).isZero();
        JsonNode summary = json.json().get(0);
        assertThat(summary.get("examples").asInt()).isEqualTo(5);
        assertThat(summary.get("skipped_empty").asInt()).isEqualTo(1);
        assertThat(summary.get("accuracy").asDouble()).isCloseTo(0.8, within(1e-9));
        assertThat(summary.at("/per_digit_accuracy/1").asDouble()).isEqualTo(1.0);
        assertThat(summary.at("/per_digit_accuracy/4").asDouble()).isEqualTo(0.0);
        JsonNode groups = summary.get("by_writer");
        assertThat(groups).hasSize(3);
        assertThat(groups.get(0).get("group").asText()).isEqualTo("b");
        assertThat(groups.get(0).get("accuracy").asDouble()).isEqualTo(0.5);
        assertThat(groups.get(0).get("examples").asInt()).isEqualTo(2);
        assertThat(groups.get(1).get("group").asText()).isEqualTo("(none)");
        assertThat(groups.get(2).get("group").asText()).isEqualTo("a");
        assertThat(groups.get(2).get("examples").asInt()).as("the empty drawing is not scored").isEqualTo(2);
        assertThat(text.out()).contains("accuracy 80.00% (4 of 5 drawings)")
                .contains("by writer (3 groups, worst first): b 50.0% (2)  (none) 100.0% (1)  a 100.0% (2)");
    }

    /** A 28×28 PNG of MNIST test image {@code index}, white ink on black. */
    private static Path mnistPng(int index, String name) throws IOException {
        com.digitstudio.data.MnistSet test = com.digitstudio.data.MnistData.load(Fixtures.mini(), com.digitstudio.data.MnistData.Split.TEST);
        float[] pixels = test.pixels(index);
        java.awt.image.BufferedImage image = new java.awt.image.BufferedImage(28, 28, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        for (int p = 0; p < 784; p++) {
            int v = Math.round(pixels[p] * 255);
            image.getRaster().setSample(p % 28, p / 28, 0, v);
        }
        Path file = dir.resolve(name);
        javax.imageio.ImageIO.write(image, "png", file.toFile());
        return file;
    }

    @Test
    void explainPrintsTheDigitItsProbabilitiesAndEveryLayersShapeAndRange() throws IOException {
        Path image = mnistPng(0, "explain-0.png");
        Result result = run("explain", image.toString(), "--json");
        Result predict = run("predict", image.toString(), "--json");

        assertThat(result.code()).as(result.err()).isZero();
        JsonNode line = result.json().get(0);
        JsonNode predicted = predict.json().get(0);
        assertThat(line.get("digit").asInt()).isEqualTo(predicted.get("digit").asInt());
        for (int d = 0; d < 10; d++) {
            assertThat(line.get("probabilities").get(d).asDouble())
                    .isCloseTo(predicted.get("probabilities").get(d).asDouble(), org.assertj.core.api.Assertions.within(1e-4));
        }
        List<String> names = new java.util.ArrayList<>();
        line.get("layers").forEach(layer -> names.add(layer.get("name").asText()));
        assertThat(names).containsExactly("input", "conv1", "pool1", "conv2", "pool2", "dense", "logits");
        JsonNode conv1 = line.get("layers").get(1);
        assertThat(conv1.get("shape").toString()).isEqualTo("[28,28,32]");
        assertThat(conv1.get("min").asDouble()).as("after ReLU").isGreaterThanOrEqualTo(0);
        assertThat(conv1.get("max").asDouble()).isGreaterThan(conv1.get("mean").asDouble());
    }

    @Test
    void explainPngWritesAPictureOfTheLayers() throws IOException {
        Path image = mnistPng(1, "explain-1.png");
        Path picture = dir.resolve("layers.png");
        Result result = run("explain", image.toString(), "--png", picture.toString());

        assertThat(result.code()).as(result.err()).isZero();
        java.awt.image.BufferedImage read = javax.imageio.ImageIO.read(picture.toFile());
        assertThat(read.getWidth()).isGreaterThan(1000);
        assertThat(result.out()).contains("gradient × input");
    }

    @Test
    void explainFaithfulnessComparesSalientAndRandomErasures() {
        Result result = run("explain", "--faithfulness", "--data", mini(), "--no-download", "--examples", "30", "--json");

        assertThat(result.code()).as(result.err()).isZero();
        JsonNode line = result.json().get(0);
        assertThat(line.get("examples").asInt()).isEqualTo(30);
        assertThat(line.get("erase_salient_drop").asDouble()).isGreaterThan(line.get("erase_random_drop").asDouble());
    }

    @Test
    void explainWithoutAnImageOrWithBothSaysWhatItNeeds() throws IOException {
        assertOneSentenceError(run("explain"), "Give an IMAGE, or --faithfulness, but not both (see digit-studio explain --help).");
        assertOneSentenceError(run("explain", "--saliency", "magic", "--faithfulness"),
                "Unknown saliency method 'magic'; choose integrated or gradient.");
    }

    @Test
    void benchmarkRefusesTrainStepsThatLeaveNothingAfterItsWarmUp() {
        assertOneSentenceError(run("benchmark", "--train-steps", "-1"), "--train-steps must be 0 or more than 20 "
                + "(the first 20 steps are left out as warm-up), not -1 (see digit-studio benchmark --help).");
    }

    @Test
    void explainOfABrokenImageOrAFolderSaysSoInOneSentence() throws IOException {
        Path broken = dir.resolve("broken.png");
        java.nio.file.Files.write(broken, new byte[]{(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13, 'I', 'H'});
        Result image = run("explain", broken.toString());
        Result folder = run("explain", dir.toString());

        for (Result result : List.of(image, folder)) {
            assertThat(result.code()).isNotZero();
            assertThat(result.err().strip().lines()).hasSize(1);
            assertThat(result.err()).startsWith("digit-studio: ").doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(image.err()).contains("broken.png");
    }

    // ---------------------------------------------------------------- adapt

    /** Two writers, each with five bars ("1") and five ovals ("0"), drawn a little differently each time. */
    private Path twoWriters() throws IOException {
        StringBuilder lines = new StringBuilder();
        for (String writer : List.of("ann", "bob")) {
            for (int i = 0; i < 5; i++) {
                double lean = (writer.equals("ann") ? 8 : -8) + i;
                lines.append(String.format(java.util.Locale.ROOT,
                        "{\"label\": 1, \"writer\": \"%s\", \"strokes\": [[[%f, 10], [%f, 60], [%f, 110]]]}%n",
                        writer, 50 + lean, 50.0, 50 - lean));
                StringBuilder oval = new StringBuilder();
                for (int k = 0; k <= 16; k++) {
                    double a = 2 * Math.PI * k / 16;
                    oval.append(k == 0 ? "" : ", ").append(String.format(java.util.Locale.ROOT, "[%f, %f]",
                            50 + (20 + i) * Math.sin(a), 60 - 45 * Math.cos(a)));
                }
                lines.append(String.format("{\"label\": 0, \"writer\": \"%s\", \"strokes\": [[%s]]}%n", writer, oval));
            }
        }
        return Files.writeString(dir.resolve("writers.jsonl"), lines.toString());
    }

    @Test
    void adaptTeachesACopyPerWriterAndReportsBeforeAfterAndMnist() throws IOException {
        Result result = run("adapt", "--input", twoWriters().toString(), "--by", "writer", "--shots", "1",
                "--min-drawings", "6", "--steps", "3", "--data", mini(), "--no-download", "--mnist-test", "50", "--json");
        assertThat(result.code()).as(result.err()).isZero();
        List<JsonNode> rows = result.json().stream().filter(n -> n.has("writer")).toList();
        assertThat(rows).extracting(n -> n.get("writer").asText()).containsExactly("ann", "bob");
        assertThat(rows).allSatisfy(n -> {
            assertThat(n.get("learned_from").asInt()).isEqualTo(2);
            assertThat(n.get("scored_on").asInt()).isEqualTo(8);
        });
        JsonNode summary = result.events("summary").get(0);
        assertThat(summary.get("groups").asInt()).isEqualTo(2);
        assertThat(summary.get("mnist_images").asInt()).isEqualTo(50);
        for (String field : List.of("before", "after", "mnist_after", "seconds_per_adaptation", "error_reduction")) {
            assertThat(summary.get(field).isNumber()).as(field).isTrue();
        }
        assertThat(summary.get("after").asDouble()).isBetween(0.0, 1.0);
    }

    @Test
    void adaptWithNoWriterBigEnoughSaysSo() throws IOException {
        assertOneSentenceError(run("adapt", "--input", twoWriters().toString(), "--by", "writer", "--min-drawings", "50",
                "--data", mini(), "--no-download"), "No writer in writers.jsonl has 50 drawings or more (field \"writer\").");
    }
}
