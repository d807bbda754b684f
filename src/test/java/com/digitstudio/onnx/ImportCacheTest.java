package com.digitstudio.onnx;

import com.digitstudio.data.MnistSample;
import com.digitstudio.data.MnistSet;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.PixelScale;
import com.digitstudio.support.Progress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The second open of an ONNX file comes from the cache of imported graphs, with the same answers; a damaged entry
 * is ignored and replaced; a cancelled import stops at its next step. (How fast a cached open is belongs to the
 * benchmark, `eval --json`'s load_seconds; here only which path was taken is checked, through the progress steps.)
 */
class ImportCacheTest {
    @TempDir
    Path dir;

    /** Records the steps an import reports. */
    static final class Steps implements Progress {
        final List<String> messages = new ArrayList<>();
        volatile boolean cancel;

        @Override
        public void update(String message, double fraction) {
            messages.add(message);
        }

        @Override
        public boolean cancelled() {
            return cancel;
        }

        boolean imported() {
            return messages.stream().anyMatch(m -> m.startsWith("Importing"));
        }
    }

    @Test
    void aSecondOpenSkipsTheImportAndTheScalingTestAndAnswersTheSame() throws Exception {
        Path zoo = Path.of(ImportCacheTest.class.getResource("/onnx/mnist-8.onnx").toURI());
        ImportCache cache = new ImportCache(dir.resolve("imports"));
        MnistSet sample = MnistSample.get().head(100);

        Steps first = new Steps();
        float[][] fresh;
        try (DigitClassifier model = OnnxImport.load(zoo, null, first, cache)) {
            fresh = predictAll(model, sample);
        }
        assertThat(first.imported()).isTrue();
        try (Stream<Path> files = Files.list(dir.resolve("imports"))) {
            assertThat(files.map(p -> p.getFileName().toString().replaceAll("^[0-9a-f]{64}", "SHA")))
                    .containsExactlyInAnyOrder("SHA.json", "SHA.sd");
        }

        Path json;
        try (Stream<Path> files = Files.list(dir.resolve("imports"))) {
            json = files.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        FileTime longAgo = FileTime.from(Instant.now().minus(Duration.ofDays(30)));
        Files.setLastModifiedTime(json, longAgo);
        Steps second = new Steps();
        try (DigitClassifier model = OnnxImport.load(zoo, null, second, cache)) {
            assertThat(Files.getLastModifiedTime(json)).as("a hit makes the entry the most recently used").isGreaterThan(longAgo);
            assertThat(second.imported()).isFalse();
            assertThat(second.messages).noneMatch(m -> m.startsWith("Finding"));
            assertThat(model.info().normalisation()).isEqualTo("expects pixels 0..1, NCHW [N,1,28,28]");
            assertThat(predictAll(model, sample)).isDeepEqualTo(fresh);
            // the summary lists the ONNX nodes, from the cache as from a fresh import
            assertThat(model.layers()).contains(new DigitClassifier.Layer("Convolution28", "Conv", List.of(8L, 28L, 28L), 200),
                    new DigitClassifier.Layer("Pooling160", "MaxPool", List.of(16L, 4L, 4L), 0));
            assertThat(model.layers().stream().mapToLong(DigitClassifier.Layer::parameters).sum()).isEqualTo(5_994);
        }

        Path graph;
        try (Stream<Path> files = Files.list(dir.resolve("imports"))) {
            graph = files.filter(p -> p.toString().endsWith(".sd")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(graph);
        bytes[bytes.length / 2] ^= 0x5a;
        Files.write(graph, bytes);
        Steps third = new Steps();
        try (DigitClassifier model = OnnxImport.load(zoo, PixelScale.UNIT, third, cache)) {
            assertThat(third.imported()).as("a damaged entry is imported again").isTrue();
            assertThat(predictAll(model, sample)).isDeepEqualTo(fresh);
        }
    }

    @Test
    void aCacheEntryThatIsNotWhatTheCacheWroteIsIgnoredNotTrusted() throws Exception {
        ImportCache cache = new ImportCache(dir.resolve("crafted"));
        String sha = "ab".repeat(32);
        Files.createDirectories(dir.resolve("crafted"));
        Files.write(dir.resolve("crafted").resolve(sha + ".sd"), new byte[]{1, 2, 3, 4});
        // not JSON
        Files.writeString(dir.resolve("crafted").resolve(sha + ".json"), "{ this is not json");
        assertThat(cache.find(sha)).isEmpty();
        // JSON whose hash of the graph does not match
        Files.writeString(dir.resolve("crafted").resolve(sha + ".json"), "{\"version\": " + ImportCache.VERSION
                + ", \"graphSha256\": \"00\"}");
        assertThat(cache.find(sha)).isEmpty();
        // the right hash of a graph that is not FlatBuffers
        Files.writeString(dir.resolve("crafted").resolve(sha + ".json"), "{\"version\": " + ImportCache.VERSION
                + ", \"graphSha256\": \"" + ImportCache.sha256(new byte[]{1, 2, 3, 4}) + "\"}");
        assertThat(cache.find(sha)).isEmpty();
    }

    /** A fake entry: {@code bytes} of graph, used {@code minutesAgo}. */
    private static void entry(Path folder, String sha, int bytes, long minutesAgo) throws Exception {
        Files.createDirectories(folder);
        Files.write(folder.resolve(sha + ".sd"), new byte[bytes]);
        Path json = Files.writeString(folder.resolve(sha + ".json"), "{}");
        Files.setLastModifiedTime(json, FileTime.from(Instant.now().minus(Duration.ofMinutes(minutesAgo))));
    }

    private static List<String> names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void beyondItsLimitsTheLeastRecentlyUsedEntriesGoAndTheOneJustStoredStays() throws Exception {
        Path folder = dir.resolve("imports");
        for (int i = 1; i <= 5; i++) {
            entry(folder, "e" + i, 1000, 100 - i); // e5 is the most recently used
        }
        new ImportCache(folder, 3, Long.MAX_VALUE).prune("e1");
        assertThat(names(folder)).as("by count, the one just stored kept though its time is old")
                .containsExactly("e1.json", "e1.sd", "e4.json", "e4.sd", "e5.json", "e5.sd");

        new ImportCache(folder, 16, 2_100).prune("e5");
        assertThat(names(folder)).as("by size: two entries of ~1,000 bytes fit").containsExactly("e4.json", "e4.sd", "e5.json", "e5.sd");

        new ImportCache(folder, 16, 10).prune("e5");
        assertThat(names(folder)).as("the newest stays whatever its size").containsExactly("e5.json", "e5.sd");
    }

    @Test
    void leftoversOfAKilledStoreGoOnlyOnceTheyAreStale() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("imports"));
        entry(folder, "kept", 10, 1);
        FileTime old = FileTime.from(Instant.now().minus(ImportCache.STALE).minusSeconds(60));
        for (String name : List.of("orphan-old.sd", ".flat1.part", "fresh-orphan.sd", ".flat2.part")) {
            Files.write(folder.resolve(name), new byte[]{1});
        }
        Files.setLastModifiedTime(folder.resolve("orphan-old.sd"), old);
        Files.setLastModifiedTime(folder.resolve(".flat1.part"), old);
        new ImportCache(folder).prune("kept");
        assertThat(names(folder)).as("a young one may be a store in progress in another window")
                .containsExactly(".flat2.part", "fresh-orphan.sd", "kept.json", "kept.sd");
    }

    @Test
    void aCancelledImportStopsBeforeTheNextStep() throws Exception {
        Path zoo = Path.of(ImportCacheTest.class.getResource("/onnx/mnist-8.onnx").toURI());
        Steps steps = new Steps();
        steps.cancel = true;
        assertThatThrownBy(() -> OnnxImport.load(zoo, null, steps, new ImportCache(dir.resolve("imports"))))
                .isInstanceOf(CancellationException.class);
        assertThat(steps.imported()).isFalse();
        assertThat(dir.resolve("imports")).doesNotExist();
    }

    private static float[][] predictAll(DigitClassifier model, MnistSet sample) {
        float[][] out = new float[sample.size()][];
        for (int i = 0; i < sample.size(); i++) {
            out[i] = model.predict(sample.pixels(i));
        }
        return out;
    }
}
