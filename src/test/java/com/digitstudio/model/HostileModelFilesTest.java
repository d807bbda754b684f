package com.digitstudio.model;

import com.digitstudio.CraftedNpy;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Crafted model files, each of one class of defect that crashed the JVM, ran out of memory or was silently
 * accepted before the arrays were checked in Java: every one is refused with one sentence naming the file and the
 * entry, before anything is allocated from what the file claims.
 */
class HostileModelFilesTest {
    private static Map<String, byte[]> validEntries;

    @TempDir
    static Path shared;

    @TempDir
    Path dir;

    @BeforeAll
    static void saveAValidModel() throws IOException {
        Path file = shared.resolve("valid.dsm");
        CnnNetwork network = CnnNetwork.initialise(3, new ModelInfo(ModelFiles.FORMAT_VERSION, "m", CnnNetwork.ARCHITECTURE,
                "engine", null, Map.of(), 0, null, null, ModelInfo.NORMALISATION, null));
        ModelFiles.save(file, new SavedModel(network.info(), network.parameters(), null, Map.of()));
        network.close();
        validEntries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(file.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(entry)) {
                    validEntries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
    }

    static byte[] npy(String header, byte[] payload) {
        return CraftedNpy.npy(header, payload);
    }

    static byte[] floats(float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    static String header(String descr, boolean fortran, String shape) {
        return CraftedNpy.header(descr, fortran, shape);
    }

    private Path craft(Consumer<Map<String, byte[]>> change) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>(validEntries);
        change.accept(entries);
        Path file = dir.resolve("model.dsm");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }

    private void assertRefused(Path file, String sentence) {
        assertThatThrownBy(() -> ModelFiles.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage(sentence);
    }

    @Test
    void aBigEndianArrayIsRefusedNotHandedToTheNativeParser() throws IOException {
        Path file = craft(e -> e.put("params/logits_b.npy", npy(header(">f4", false, "(10,)"), new byte[40])));
        assertRefused(file, "model.dsm: params/logits_b.npy holds big-endian numbers ('>f4'); "
                + "a Digit Studio model stores little-endian float32 ('<f4').");
    }

    @Test
    void aStringArrayIsRefused() throws IOException {
        Path file = craft(e -> e.put("params/logits_b.npy", npy(header("<U8", false, "(10,)"), new byte[320])));
        assertRefused(file, "model.dsm: params/logits_b.npy holds text or objects ('<U8'), not numbers; "
                + "a Digit Studio model stores little-endian float32 ('<f4').");
    }

    @Test
    void aHugeDeclaredShapeIsRefusedBeforeAllocating() throws IOException {
        Path file = craft(e -> e.put("params/dense_w.npy", npy(header("<f4", false, "(3136000000, 1024000)"), new byte[16])));
        assertRefused(file, "model.dsm: params/dense_w.npy has shape [3136000000, 1024000], expected [3136, 1024].");
    }

    @Test
    void aNegativeShapeIsRefused() throws IOException {
        Path file = craft(e -> e.put("params/logits_b.npy", npy(header("<f4", false, "(-10,)"), new byte[40])));
        assertRefused(file, "model.dsm: params/logits_b.npy has an unreadable shape (-10,).");
    }

    @Test
    void anArrayWithLessDataThanItsHeaderSaysIsRefused() throws IOException {
        Path file = craft(e -> e.put("params/logits_b.npy", npy(header("<f4", false, "(10,)"), new byte[22])));
        assertRefused(file, "model.dsm: params/logits_b.npy is truncated: its header declares 10 values (40 bytes) but 22 bytes follow.");
    }

    @Test
    void aFortranOrderArrayIsRefusedRatherThanReadTransposed() throws IOException {
        Path file = craft(e -> e.put("params/logits_w.npy", npy(header("<f4", true, "(1024, 10)"), new byte[40960])));
        assertRefused(file, "model.dsm: params/logits_w.npy is stored in Fortran (column-major) order; "
                + "a Digit Studio model stores C order.");
    }

    @ParameterizedTest
    @ValueSource(floats = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY})
    void nonFiniteWeightsAreRefused(float bad) throws IOException {
        float[] values = new float[10];
        values[7] = bad;
        Path file = craft(e -> e.put("params/logits_b.npy", npy(header("<f4", false, "(10,)"), floats(values))));
        assertThatThrownBy(() -> ModelFiles.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("model.dsm: params/logits_b.npy holds ")
                .hasMessageEndingWith(" at position 7: a usable model's weights are finite numbers.");
    }

    @Test
    void aHeaderLongerThanAnyArrayHeaderIsRefused() throws IOException {
        byte[] bytes = npy(header("<f4", false, "(10,)"), new byte[40]);
        bytes[6] = 2; // version 2: a 4-byte header length
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).putInt(8, 2_000_000_000);
        Path file = craft(e -> e.put("params/logits_b.npy", bytes));
        assertRefused(file, "model.dsm: params/logits_b.npy declares a header of 2000000000 bytes; a NumPy array's is under 4096.");
    }

    @Test
    void aZipBombInAKnownEntryStopsAtThatEntrysSize() throws IOException {
        Path file = dir.resolve("bomb.dsm");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : validEntries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                if (e.getKey().equals("params/logits_b.npy")) {
                    writeZeros(zip, 256L << 20); // 256 MB of zeros: ~250 KB compressed
                } else {
                    zip.write(e.getValue());
                }
                zip.closeEntry();
            }
        }
        assertThat(Files.size(file)).isLessThan(20L << 20);
        assertRefused(file, String.format("bomb.dsm is not a valid model: its entry params/logits_b.npy inflates to more "
                + "than the %,d bytes such an entry can hold.", Npy.maxEntryBytes(10)));
    }

    @Test
    void anUnknownEntryIsSkippedUnreadEvenWhenItIsABomb() throws IOException {
        Path file = dir.resolve("extra.dsm");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, byte[]> e : validEntries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("notes/bomb.bin"));
            writeZeros(zip, 512L << 20);
            zip.closeEntry();
        }
        long start = System.nanoTime();
        DigitClassifier model = ModelFiles.load(file);
        assertThat(model.info().architecture()).isEqualTo(CnnNetwork.ARCHITECTURE);
        assertThat((System.nanoTime() - start) / 1e9).as("the 512 MB entry was not inflated").isLessThan(5);
        model.close();
    }

    private static void writeZeros(OutputStream out, long bytes) throws IOException {
        byte[] zeros = new byte[1 << 20];
        for (long done = 0; done < bytes; done += zeros.length) {
            out.write(zeros);
        }
    }

    @Test
    void aZipWithThousandsOfEntriesIsRefused() throws IOException {
        Path file = craft(e -> {
            for (int i = 0; i < 2_000; i++) {
                e.put("junk/" + i, new byte[0]);
            }
        });
        assertRefused(file, "model.dsm holds 2,009 entries; a model file has a few dozen.");
    }

    @Test
    void aModelJsonThatIsNullIsRefused() throws IOException {
        Path file = craft(e -> e.put("model.json", "null".getBytes(StandardCharsets.UTF_8)));
        assertRefused(file, "model.dsm has an empty model.json (it says null).");
    }

    @Test
    void aModelJsonWithNaNIsRefusedWithoutNamingAParserOption() throws IOException {
        Path file = craft(e -> e.put("model.json", "{\"formatVersion\": 1, \"testAccuracy\": NaN}".getBytes(StandardCharsets.UTF_8)));
        assertRefused(file, "model.dsm has an unreadable model.json (line 1): it is not the JSON a model file holds.");
    }

    @Test
    void aDl4jZipWhoseConfigurationInflatesHugelyIsRefusedBeforeDl4jReadsIt() throws IOException {
        Path file = dir.resolve("dl4j.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("configuration.json"));
            writeZeros(zip, 8L << 20);
            zip.closeEntry();
        }
        assertRefused(file, String.format("dl4j.zip is not a valid model: its entry configuration.json inflates to more "
                + "than the %,d bytes such an entry can hold.", ModelFiles.MAX_DL4J_CONFIGURATION_BYTES));
    }

    @Test
    void aTruncatedZipIsOneSentence() throws IOException {
        Path valid = craft(e -> { });
        byte[] bytes = Files.readAllBytes(valid);
        Path cut = dir.resolve("cut.dsm");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertThatThrownBy(() -> ModelFiles.load(cut))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("cut.dsm is ");
    }
}
