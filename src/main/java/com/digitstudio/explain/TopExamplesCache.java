package com.digitstudio.explain;

import com.digitstudio.data.DataLocator;
import com.digitstudio.support.AtomicFiles;
import com.digitstudio.support.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Computed {@link TopExamples}, one small JSON file per model under the user's cache folder
 * ({@code $XDG_CACHE_HOME/digit-studio/top-examples/}), named by the model's fingerprint (the SHA-256 of its
 * parameters: the same for a file and for the model it holds, and for a just-trained model with no file yet).
 */
public final class TopExamplesCache {
    private static final Logger LOG = LoggerFactory.getLogger(TopExamplesCache.class);
    /** A real file is ~150 KB (1,088 units × 9 indices and peaks); anything far larger is not ours. */
    static final long MAX_BYTES = 4L << 20;
    private final Path folder;

    public TopExamplesCache(Path folder) {
        this.folder = folder;
    }

    public static TopExamplesCache user() {
        return new TopExamplesCache(DataLocator.appCacheFolder(System.getenv("XDG_CACHE_HOME"), System.getProperty("user.home"))
                .resolve("top-examples"));
    }

    private Path file(String fingerprint) {
        if (!fingerprint.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + fingerprint);
        }
        return folder.resolve(fingerprint + ".json");
    }

    /** The cached examples of this model for a test set of {@code images} images, if any (a damaged file is ignored). */
    public Optional<TopExamples> get(String fingerprint, int images) {
        Path file = file(fingerprint);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_BYTES) {
                return Optional.empty();
            }
            TopExamples cached = Json.MAPPER.readValue(file.toFile(), TopExamples.class);
            if (cached.images() != images || cached.indices() == null || cached.indices().length != TopExamples.UNITS
                    || cached.peaks() == null || cached.peaks().length != TopExamples.UNITS) {
                return Optional.empty();
            }
            for (int u = 0; u < TopExamples.UNITS; u++) {
                int[] row = cached.indices()[u];
                if (row == null || row.length != TopExamples.PER_UNIT || cached.peaks()[u] == null
                        || cached.peaks()[u].length != TopExamples.PER_UNIT) {
                    return Optional.empty();
                }
                for (int index : row) {
                    if (index < -1 || index >= images) {
                        return Optional.empty();
                    }
                }
            }
            return Optional.of(cached);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring an unreadable cache file {}: {}", file, e.getMessage());
            return Optional.empty();
        }
    }

    public void put(String fingerprint, TopExamples examples) throws IOException {
        AtomicFiles.write(file(fingerprint), out -> Json.MAPPER.writeValue(out, examples));
    }
}
