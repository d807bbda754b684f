package com.digitstudio.cli;

import com.digitstudio.CraftedNpy;
import com.digitstudio.Fixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command line against crafted files and values, one test per class of defect that once crashed the JVM, ran
 * out of memory, printed a stack trace or was silently accepted. Each must end with a non-zero exit code and one
 * sentence on stderr naming what is wrong, and leave the process healthy: after every test, a valid prediction
 * still works in the same JVM. The files are made here, never committed.
 */
class HostileInputTest {
    private static final Path SHIPPED = Path.of("models/digit-studio.dsm");
    private static Map<String, byte[]> shippedEntries;
    private static Path goodImage;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Cli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(code, out.toString(), err.toString());
    }

    static void assertRefused(Result result, String... mustContain) {
        assertThat(result.code()).as("exit code").isNotZero();
        String err = result.err().strip();
        assertThat(err.lines()).as("stderr: " + err).hasSize(1);
        assertThat(err).startsWith("digit-studio: ").endsWith(".")
                .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("java.")
                .contains(mustContain);
    }

    @BeforeAll
    static void readTheShippedModelAndDrawADigit() throws IOException {
        shippedEntries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(SHIPPED.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    shippedEntries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
        BufferedImage image = new BufferedImage(56, 56, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 56, 56);
        g.setColor(Color.BLACK);
        g.setStroke(new java.awt.BasicStroke(5));
        g.drawLine(28, 8, 28, 48);
        g.dispose();
        goodImage = shared.resolve("one.png");
        ImageIO.write(image, "png", goodImage.toFile());
    }

    @AfterEach
    void theProcessIsStillHealthy() {
        Result ok = run("predict", "--model", SHIPPED.toString(), goodImage.toString(), "--json");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("\"digit\":1");
    }

    // ---------------------------------------------------------------- model files

    private Path model(String name, Consumer<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(shippedEntries);
        change.accept(entries);
        Path file = dir.resolve(name);
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    static byte[] npy(String descr, String shape, byte[] payload) {
        return CraftedNpy.npy(CraftedNpy.header(descr, false, shape), payload);
    }

    // ---------------------------------------------------------------- models made elsewhere

    @Test
    void aKeras3FileIsOneSentenceThatNamesKeras3() throws Exception {
        Path keras3 = Path.of(HostileInputTest.class.getResource("/keras/keras3.h5").toURI());
        assertRefused(run("predict", "--model", keras3.toString(), goodImage.toString()), "Keras 3.3.3");
    }

    @Test
    void anHdf5FileCutInHalfIsOneSentenceWithoutHdf5sErrorStack() throws Exception {
        byte[] whole = Files.readAllBytes(Path.of(HostileInputTest.class.getResource("/keras/cnn-sequential.h5").toURI()));
        Path cut = Files.write(dir.resolve("cut.h5"), java.util.Arrays.copyOf(whole, whole.length / 3));
        assertRefused(run("predict", "--model", cut.toString(), goodImage.toString()), "cut.h5 is damaged or truncated");
    }

    @Test
    void anUnknownInputScaleListsTheOnesThereAre() throws Exception {
        Path keras = Path.of(HostileInputTest.class.getResource("/keras/cnn-sequential.h5").toURI());
        assertRefused(run("predict", "--model", keras.toString(), "--input-scale", "0..100", goodImage.toString()),
                "The input scale '0..100' is not a pixel scaling; use one of 0..1, 0..255, -1..1.");
    }

    @Test
    void anInputScaleForOurOwnModelIsRefusedBecauseItSaysItself() {
        assertRefused(run("predict", "--model", SHIPPED.toString(), "--input-scale", "0..255", goodImage.toString()),
                "digit-studio.dsm says itself how it reads pixels; a pixel scaling applies to ONNX and Keras models only");
        assertRefused(run("predict", "--input-scale", "0..255", goodImage.toString()), "The shipped model reads pixels 0..1; --input-scale applies to ONNX and Keras models");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "big-endian     | >f4 | (10,)          | 40 | big-endian",
            "text dtype     | <U8 | (10,)          | 40 | text or objects",
            "huge shape     | <f4 | (4000000000,)  | 40 | has shape [4000000000], expected [10]",
            "short payload  | <f4 | (10,)          | 12 | is truncated",
    })
    void aModelWithABadArrayIsRefusedWithoutTouchingNativeCode(String what, String descr, String shape, int bytes,
                                                               String expected) throws IOException {
        Path bad = model("bad.dsm", e -> e.put("params/logits_b.npy", npy(descr, shape, new byte[bytes])));
        assertRefused(run("predict", "--model", bad.toString(), goodImage.toString()), "bad.dsm", expected);
    }

    @Test
    void nanWeightsAreRefusedNotScoredAtTenPercent() throws IOException {
        byte[] payload = new byte[40];
        ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN).putFloat(8, Float.NaN);
        Path bad = model("nan.dsm", e -> e.put("params/logits_b.npy", npy("<f4", "(10,)", payload)));
        assertRefused(run("eval", "--model", bad.toString(), "--data", Fixtures.mini().toString(), "--no-download"),
                "nan.dsm", "NaN");
    }

    @Test
    void aZipBombIsRefusedAtTheSizeItsEntryCanHave() throws IOException {
        Path bomb = dir.resolve("bomb.dsm");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(bomb))) {
            for (Map.Entry<String, byte[]> e : shippedEntries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getKey().equals("params/dense_b.npy")) {
                    byte[] zeros = new byte[1 << 20];
                    for (int i = 0; i < 200; i++) {
                        zip.write(zeros);
                    }
                } else {
                    zip.write(e.getValue());
                }
                zip.closeEntry();
            }
        }
        assertRefused(run("predict", "--model", bomb.toString(), goodImage.toString()), "bomb.dsm", "inflates to more than");
    }

    @Test
    void aModelJsonThatIsNullIsOneSentence() throws IOException {
        Path bad = model("null.dsm", e -> e.put("model.json", "null".getBytes(StandardCharsets.UTF_8)));
        assertRefused(run("predict", "--model", bad.toString(), goodImage.toString()), "null.dsm", "model.json");
    }

    @Test
    void aFolderGivenAsTheModelIsNamedAsAFolder() {
        assertRefused(run("predict", "--model", dir.toString(), goodImage.toString()), "is a folder");
    }

    // ---------------------------------------------------------------- MNIST folders

    private Path mnist(byte[] images, byte[] labels) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("mnist"));
        Files.write(folder.resolve("t10k-images-idx3-ubyte"), images);
        Files.write(folder.resolve("t10k-labels-idx1-ubyte"), labels);
        Files.copy(Fixtures.mini().resolve("train-images-idx3-ubyte.gz"), folder.resolve("train-images-idx3-ubyte.gz"));
        Files.copy(Fixtures.mini().resolve("train-labels-idx1-ubyte.gz"), folder.resolve("train-labels-idx1-ubyte.gz"));
        return folder;
    }

    static byte[] idx(int ndims, int[] dims, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * ndims + data.length);
        b.putInt(0x0800 | ndims);
        for (int d : dims) {
            b.putInt(d);
        }
        return b.put(data).array();
    }

    @Test
    void anIdxHeaderThatDeclaresMillionsOfImagesIsCheckedAgainstTheFileFirst() throws IOException {
        Path folder = mnist(idx(3, new int[]{200_000, 28, 28}, new byte[784]), idx(1, new int[]{1}, new byte[1]));
        assertRefused(run("eval", "--model", SHIPPED.toString(), "--data", folder.toString(), "--no-download"),
                "t10k-images-idx3-ubyte", "truncated");
    }

    @Test
    void anIdxFileWithNoImagesIsRefusedNotScoredZeroOfZero() throws IOException {
        Path folder = mnist(idx(3, new int[]{0, 28, 28}, new byte[0]), idx(1, new int[]{0}, new byte[0]));
        assertRefused(run("eval", "--model", SHIPPED.toString(), "--data", folder.toString(), "--no-download"),
                "holds no images");
    }

    @Test
    void aTruncatedGzipIdxIsOneSentence() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(idx(3, new int[]{100, 28, 28}, new byte[78_400]));
        }
        byte[] cut = java.util.Arrays.copyOf(gz.toByteArray(), gz.size() / 2);
        Path folder = Files.createDirectories(dir.resolve("gz"));
        Files.write(folder.resolve("t10k-images-idx3-ubyte.gz"), cut);
        Files.write(folder.resolve("t10k-labels-idx1-ubyte"), idx(1, new int[]{100}, new byte[100]));
        assertRefused(run("eval", "--model", SHIPPED.toString(), "--data", folder.toString(), "--no-download"),
                "t10k-images-idx3-ubyte.gz");
    }

    // ---------------------------------------------------------------- images

    /** A PNG whose header says width × height, with no pixel data: only a reader that decodes first is hurt. */
    static byte[] pngHeader(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 0)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        ByteBuffer b = ByteBuffer.allocate(12 + data.length);
        b.putInt(data.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(data);
        CRC32 crc = new CRC32();
        crc.update(type.getBytes(StandardCharsets.US_ASCII));
        crc.update(data);
        b.putInt((int) crc.getValue());
        out.writeBytes(b.array());
    }

    @Test
    void aThirtyThousandPixelSquarePngIsRefusedFromItsHeader() throws IOException {
        Path big = Files.write(dir.resolve("big.png"), pngHeader(30_000, 30_000));
        long start = System.nanoTime();
        assertRefused(run("predict", "--model", SHIPPED.toString(), big.toString()), "big.png", "megapixels");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
    }

    @Test
    void aTruncatedJpegIsRefusedNotReadAsGrey() throws IOException {
        BufferedImage image = ImageIO.read(goodImage.toFile());
        ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
        ImageIO.write(image, "jpg", jpeg);
        Path cut = Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(jpeg.toByteArray(), jpeg.size() * 2 / 3));
        assertRefused(run("predict", "--model", SHIPPED.toString(), cut.toString()), "cut.jpg", "damaged or truncated");
    }

    @Test
    void aFolderGivenAsAnImageIsNamedAsAFolder() {
        assertRefused(run("predict", "--model", SHIPPED.toString(), dir.toString()), "is a folder, not an image");
    }

    // ---------------------------------------------------------------- stroke files

    private Path strokes(String content) throws IOException {
        return Files.writeString(dir.resolve("s.jsonl"), content);
    }

    @Test
    void aFractionalLabelIsRefusedNotCountedAsItsIntegerPart() throws IOException {
        Path file = strokes("{\"label\": 3.7, \"strokes\": [[[0,0],[5,5]]]}\n");
        assertRefused(run("strokes", "--model", SHIPPED.toString(), "--input", file.toString()), "s.jsonl, line 1", "label");
    }

    @Test
    void anEmptyStrokeFileIsRefusedNotScoredZeroOfZero() throws IOException {
        Path file = strokes("\n\n");
        assertRefused(run("strokes", "--model", SHIPPED.toString(), "--input", file.toString()), "s.jsonl holds no drawings");
    }

    @Test
    void aDrawingWithAbsurdlyManyPointsIsRefused() throws IOException {
        StringBuilder line = new StringBuilder("{\"label\": 1, \"strokes\": [[");
        for (int i = 0; i < 150_000; i++) {
            line.append(i == 0 ? "" : ",").append("[1,2]");
        }
        Path file = strokes(line.append("]]}\n").toString());
        assertRefused(run("strokes", "--model", SHIPPED.toString(), "--input", file.toString()), "s.jsonl, line 1", "points");
    }

    @Test
    void aByteOrderMarkAtTheStartOfAStrokeFileIsAccepted() throws IOException {
        Path file = strokes("\uFEFF{\"label\": 1, \"strokes\": [[[10,0],[10,40]]]}\n");
        Result result = run("strokes", "--model", SHIPPED.toString(), "--input", file.toString(), "--json");
        assertThat(result.code()).as(result.err()).isZero();
    }

    @Test
    void missesPngIntoAFolderThatDoesNotExistYetIsWrittenAtomically() throws IOException {
        Path file = strokes("{\"label\": 7, \"strokes\": [[[10,0],[10,40]]]}\n");
        Path png = dir.resolve("new/folder/misses.png");
        Result result = run("strokes", "--model", SHIPPED.toString(), "--input", file.toString(), "--misses-png", png.toString());
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(ImageIO.read(png.toFile())).isNotNull();
        try (var files = Files.list(png.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString()).toList()).containsExactly("misses.png");
        }
    }

    // ---------------------------------------------------------------- values

    @ParameterizedTest(name = "train {0}")
    @CsvSource(delimiter = '|', value = {
            "--epochs NaN      | --epochs",
            "--epochs -1       | --epochs",
            "--log-every 0     | --log-every",
            "--log-every -1    | --log-every",
            "--steps 0         | Steps",
            "--batch 0         | Batch size",
            "--lr -0.1         | Learning rate",
            "--dropout 1       | Dropout",
            "--checkpoint-every -5 | intervals",
    })
    void trainRefusesValuesOutOfRangeBeforeLoadingMnist(String option, String expected) {
        String[] parts = option.strip().split("\\s+");
        Result result = run("train", "--data", dir.resolve("nowhere").toString(), "--no-download",
                "--out", dir.resolve("m.dsm").toString(), parts[0], parts[1]);
        assertRefused(result, expected);
    }

    @Test
    void trainRefusesACheckpointThatIsTheModelFile() {
        Path out = dir.resolve("m.dsm");
        assertRefused(run("train", "--data", Fixtures.mini().toString(), "--no-download", "--out", out.toString(),
                "--checkpoint", out.toString()), "--checkpoint and --out name the same file");
    }

    @Test
    void trainRefusesAnOutputInsideAFileBeforeTraining() throws IOException {
        Path file = Files.writeString(dir.resolve("plain.txt"), "x");
        assertRefused(run("train", "--data", Fixtures.mini().toString(), "--no-download",
                "--out", file.resolve("m.dsm").toString()), "is a file, not a folder");
    }

    @Test
    void benchmarkRefusesNegativeSteps() {
        assertRefused(run("benchmark", "--train-steps", "-1"), "-1");
    }
}
