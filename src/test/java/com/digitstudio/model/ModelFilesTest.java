package com.digitstudio.model;

import com.digitstudio.support.AtomicFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelFilesTest {
    private static final ModelInfo INFO = new ModelInfo(ModelFiles.FORMAT_VERSION, "my model", CnnNetwork.ARCHITECTURE,
            "SameDiff", "fast", Map.of("steps", "1200", "optimizer", "adam"), 1200, 0.991, 0.031,
            ModelInfo.NORMALISATION, null);

    private static CnnNetwork network;
    /** A valid saved model, saved once; the refusal tests change a copy of its entries. */
    private static Path validFile;
    private static Map<String, byte[]> validEntries;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void createNetwork() throws IOException {
        network = CnnNetwork.initialise(7, INFO);
        Path file = shared.resolve("valid.dsm");
        ModelFiles.save(file, model());
        validFile = file;
        validEntries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    validEntries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
    }

    private static SavedModel model() {
        return new SavedModel(INFO, network.parameters(), null, Map.of());
    }

    private static void assertSameParameters(Map<String, INDArray> actual, Map<String, INDArray> expected) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        expected.forEach((name, value) -> assertThat(actual.get(name)).as(name).isEqualTo(value));
    }

    @Test
    void aSavedModelReadsBackWithTheSameParametersAndInfo() throws IOException {
        Path file = dir.resolve("model.dsm");

        ModelFiles.save(file, model());
        SavedModel read = ModelFiles.read(file);

        assertSameParameters(read.parameters(), network.parameters());
        assertThat(read.info().withCreated(null)).isEqualTo(INFO);
        assertThat(read.info().created()).as("time of saving").isNotBlank();
        assertThat(read.isCheckpoint()).isFalse();
        assertThat(read.updaterState()).isEmpty();
    }

    @Test
    void aCheckpointKeepsItsTrainingStateAndUpdaterArrays() throws IOException {
        Path file = dir.resolve("run.ckpt.dsm");
        Map<String, INDArray> updater = new LinkedHashMap<>();
        updater.put("conv1_b", Nd4j.rand(DataType.FLOAT, 1, 64));
        updater.put("logits_w", Nd4j.rand(DataType.FLOAT, 1, 20_480));
        String state = "{\"step\":250,\"seed\":42}";

        ModelFiles.save(file, new SavedModel(INFO, network.parameters(), state, updater));
        SavedModel read = ModelFiles.read(file);

        assertThat(read.isCheckpoint()).isTrue();
        assertThat(read.trainingState()).isEqualTo(state);
        assertSameParameters(read.updaterState(), updater);
        assertSameParameters(read.parameters(), network.parameters());
    }

    @Test
    void loadGivesANetworkThatPredictsLikeTheSavedOneNamedAfterTheFile() throws IOException {
        Path file = Files.copy(validFile, dir.resolve("digits-v2.dsm"));
        float[] pixels = new float[3 * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i * 37 % 100) / 100f;
        }

        DigitClassifier loaded = ModelFiles.load(file);

        assertThat(loaded).isInstanceOf(CnnNetwork.class);
        assertThat(loaded.info().name()).isEqualTo("digits-v2");
        assertThat(loaded.info().testAccuracy()).isEqualTo(0.991);
        float[][] expected = network.predict(pixels, 3);
        float[][] actual = loaded.predict(pixels, 3);
        for (int i = 0; i < 3; i++) {
            assertThat(actual[i]).containsExactly(expected[i]);
        }
    }

    @Test
    void readsAModelFromAStream() throws IOException {
        SavedModel read;
        try (InputStream in = Files.newInputStream(validFile)) {
            read = ModelFiles.read(in, "resource.dsm");
        }

        assertSameParameters(read.parameters(), network.parameters());
    }

    @Test
    void aSaveThatFailsHalfwayLeavesTheOldFileIntact() throws IOException {
        Path file = Files.copy(validFile, dir.resolve("model.dsm"));
        byte[] before = Files.readAllBytes(file);
        Map<String, INDArray> broken = new LinkedHashMap<>(network.parameters());
        broken.put("logits_b", null); // writing this parameter fails, after model.json and most arrays

        assertThatThrownBy(() -> ModelFiles.save(file, new SavedModel(INFO, broken, null, Map.of())))
                .isInstanceOf(RuntimeException.class);

        assertThat(Files.readAllBytes(file)).isEqualTo(before);
        assertThat(filesIn(dir)).containsExactly("model.dsm");
    }

    @Test
    void atomicWriteKeepsTheOldContentWhenTheWriterFails() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "old content");

        assertThatThrownBy(() -> AtomicFiles.write(file, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("No space left on device");
        })).isInstanceOf(IOException.class).hasMessage("No space left on device");

        assertThat(Files.readString(file)).isEqualTo("old content");
        assertThat(filesIn(dir)).containsExactly("notes.txt");
    }

    @Test
    void atomicWriteRemovesTemporaryFilesAKilledWriteLeftButNotYoungOnes() throws IOException {
        Path stale = Files.write(dir.resolve(".notes.txt8213.part"), new byte[4096]);
        Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600)));
        Path young = Files.write(dir.resolve(".notes.txt77.part"), new byte[16]);
        Path other = Files.write(dir.resolve(".other.txt1.part"), new byte[16]);
        Files.setLastModifiedTime(other, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600)));

        AtomicFiles.write(dir.resolve("notes.txt"), out -> out.write('x'));

        assertThat(stale).doesNotExist();
        assertThat(young).as("may be another process's save in progress").exists();
        assertThat(other).as("another file's temporary is not ours to remove").exists();
    }

    @Test
    void atomicWriteReplacesTheFileAndCreatesMissingFolders() throws IOException {
        Path file = dir.resolve("a/b/notes.txt");

        AtomicFiles.write(file, out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
        AtomicFiles.write(file, out -> out.write("two".getBytes(StandardCharsets.UTF_8)));

        assertThat(Files.readString(file)).isEqualTo("two");
        assertThat(filesIn(file.getParent())).containsExactly("notes.txt");
    }

    @Test
    void refusesAFileThatIsNotAZip() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "just some text");

        assertThatThrownBy(() -> ModelFiles.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("notes.txt is not a model file (it is not a zip archive).");
        assertThatThrownBy(() -> ModelFiles.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("notes.txt is not a model file (it is not a zip archive).");
        assertThatThrownBy(() -> ModelFiles.read(Files.newInputStream(file), "notes.txt"))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("notes.txt is not a model file (it is not a zip archive).");
    }

    @Test
    void refusesAZipWithoutModelJson() throws IOException {
        Path file = zip(dir.resolve("photos.zip"), Map.of("holiday.txt", "sun".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> ModelFiles.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("photos.zip is a zip file but not a Digit Studio model (it has no model.json).");
        assertThatThrownBy(() -> ModelFiles.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("photos.zip is a zip file but neither a Digit Studio model nor a DL4J model.");
    }

    @Test
    void refusesAModelWithAMissingParameter() throws IOException {
        Path file = rewrite("model.dsm", entries -> entries.remove("params/logits_b.npy"));

        assertThatThrownBy(() -> ModelFiles.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("model.dsm is incomplete: it has no params/logits_b.npy.");
    }

    @Test
    void refusesAParameterOfTheWrongShape() throws IOException {
        Path file = rewrite("model.dsm", entries ->
                entries.put("params/logits_b.npy", Nd4j.toNpyByteArray(Nd4j.zeros(DataType.FLOAT, 9))));

        assertThatThrownBy(() -> ModelFiles.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("model.dsm: params/logits_b.npy has shape [9], expected [10].");
    }

    @Test
    void refusesAParameterThatIsNotANumpyArray() throws IOException {
        Path file = rewrite("model.dsm", entries ->
                entries.put("params/dense_b.npy", "not numpy".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> ModelFiles.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("model.dsm: params/dense_b.npy is not a NumPy array (it does not start with the .npy magic string).");
    }

    @Test
    void refusesAFileFromANewerFormatVersion() throws IOException {
        Path file = rewrite("future.dsm", entries -> entries.put("model.json", json(
                new ModelInfo(ModelFiles.FORMAT_VERSION + 1, "m", CnnNetwork.ARCHITECTURE, "SameDiff", null,
                        Map.of(), 0, null, null, ModelInfo.NORMALISATION, null))));

        assertThatThrownBy(() -> ModelFiles.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("future.dsm was written by a newer Digit Studio (format version 2; this one reads up to 1).");
    }

    @Test
    void refusesAnArchitectureItCannotRun() throws IOException {
        Path file = rewrite("other.dsm", entries -> entries.put("model.json", json(
                new ModelInfo(ModelFiles.FORMAT_VERSION, "m", "resnet-18", "SameDiff", null,
                        Map.of(), 0, null, null, ModelInfo.NORMALISATION, null))));

        assertThatThrownBy(() -> ModelFiles.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("other.dsm holds a network of architecture 'resnet-18', which this version cannot run.");
    }

    @Test
    void refusesAnUnreadableModelJson() throws IOException {
        Path file = rewrite("model.dsm", entries -> entries.put("model.json", "{\"formatVersion\": ".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> ModelFiles.read(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("model.dsm has an unreadable model.json (line 1): it is not the JSON a model file holds.");
    }

    @Test
    void refusesAFolder() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("models"));

        assertThatThrownBy(() -> ModelFiles.load(folder))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("models is a folder, not a model file.");
    }

    @Test
    void aMissingFileIsReportedAsSuch() {
        assertThatThrownBy(() -> ModelFiles.load(dir.resolve("nowhere.dsm")))
                .isInstanceOf(NoSuchFileException.class);
    }

    // --- helpers ---

    private static byte[] json(ModelInfo info) {
        return com.digitstudio.support.Json.line(info).getBytes(StandardCharsets.UTF_8);
    }

    /** A valid model file named {@code name} whose zip entries went through {@code change}. */
    private Path rewrite(String name, Consumer<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(validEntries);
        change.accept(entries);
        return zip(dir.resolve(name), entries);
    }

    static Path zip(Path file, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.setLevel(java.util.zip.Deflater.NO_COMPRESSION);
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            bytes.writeTo(out);
        }
        return file;
    }

    private static java.util.List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
