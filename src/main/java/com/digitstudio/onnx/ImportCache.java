package com.digitstudio.onnx;

import com.digitstudio.data.DataLocator;
import com.digitstudio.support.AtomicFiles;
import com.digitstudio.support.Json;
import org.nd4j.autodiff.samediff.SameDiff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Imported ONNX graphs, kept so that opening the same file again skips SameDiff's import (8 s for the zoo model)
 * and the scaling test: {@code $XDG_CACHE_HOME/digit-studio/imports/<SHA-256 of the ONNX file>.sd} (SameDiff's
 * FlatBuffers form, the MatMul fix already applied) and {@code .json} (what was found, and the SHA-256 of the
 * {@code .sd} itself). An entry whose graph does not match its recorded hash, or does not read, is ignored and
 * replaced: the cache can only save time, never change an answer. Each entry is written atomically.
 *
 * <p>It is kept small: after each store, the least recently used entries (by the time of the {@code .json}, which
 * a hit renews) go once there are more than {@link #MAX_ENTRIES} or they take more than {@link #MAX_TOTAL_BYTES},
 * and so do the leftovers of stores that were killed half-way.
 */
final class ImportCache {
    private static final Logger LOG = LoggerFactory.getLogger(ImportCache.class);
    /** Bump when what is cached or how it is imported changes: older entries are then simply not found. */
    static final int VERSION = 2;

    /** What the first import found, besides the graph. */
    record Entry(int version, String input, String output, String layout, String kind, String scale,
                 String architecture, java.util.List<OnnxClassifier.Node> nodes, String graphSha256) {
    }

    record Hit(SameDiff graph, Entry entry) {
    }

    /** The most entries kept. */
    static final int MAX_ENTRIES = 16;
    /** The most bytes the entries may take together (the newest is kept whatever its size). */
    static final long MAX_TOTAL_BYTES = 1L << 30;
    /** A half-written entry this old belongs to a store that was killed (a store takes seconds). */
    static final Duration STALE = Duration.ofMinutes(10);

    private final Path folder;
    private final int maxEntries;
    private final long maxTotalBytes;

    ImportCache(Path folder) {
        this(folder, MAX_ENTRIES, MAX_TOTAL_BYTES);
    }

    ImportCache(Path folder, int maxEntries, long maxTotalBytes) {
        this.folder = folder;
        this.maxEntries = maxEntries;
        this.maxTotalBytes = maxTotalBytes;
    }

    /** The user's cache folder. */
    static ImportCache standard() {
        return new ImportCache(DataLocator.appCacheFolder(System.getenv("XDG_CACHE_HOME"),
                System.getProperty("user.home")).resolve("imports"));
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java", e);
        }
    }

    Optional<Hit> find(String fileSha) {
        Path json = folder.resolve(fileSha + ".json");
        Path graph = folder.resolve(fileSha + ".sd");
        if (!Files.isRegularFile(json) || !Files.isRegularFile(graph)) {
            return Optional.empty();
        }
        try {
            if (Files.size(json) > 64 * 1024 || Files.size(graph) > OnnxImport.MAX_BYTES * 2) {
                return Optional.empty();
            }
            Entry entry = Json.MAPPER.readValue(json.toFile(), Entry.class);
            if (entry.version() != VERSION || !sha256(Files.readAllBytes(graph)).equals(entry.graphSha256())) {
                LOG.info("Import cache entry {} is stale or damaged; importing again", fileSha);
                return Optional.empty();
            }
            Hit hit = new Hit(SameDiff.fromFlatFile(graph.toFile()), entry);
            Files.setLastModifiedTime(json, FileTime.from(Instant.now())); // used now: the last to go
            return Optional.of(hit);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Import cache entry {} could not be read; importing again", fileSha, e);
            return Optional.empty();
        }
    }

    /** Keeps {@code graph} for the file whose hash is {@code fileSha}; a failure only costs the next open's time. */
    void store(String fileSha, SameDiff graph, Entry entry) {
        try {
            Files.createDirectories(folder);
            Path temp = Files.createTempFile(folder, ".flat", ".part");
            byte[] bytes;
            try {
                graph.asFlatFile(temp.toFile());
                bytes = Files.readAllBytes(temp);
            } finally {
                Files.deleteIfExists(temp);
            }
            AtomicFiles.write(folder.resolve(fileSha + ".sd"), out -> out.write(bytes));
            Entry complete = new Entry(VERSION, entry.input(), entry.output(), entry.layout(), entry.kind(),
                    entry.scale(), entry.architecture(), entry.nodes(), sha256(bytes));
            byte[] json = Json.MAPPER.writeValueAsBytes(complete);
            AtomicFiles.write(folder.resolve(fileSha + ".json"), out -> out.write(json));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not keep the imported graph in {}", folder, e);
        }
        prune(fileSha);
    }

    /**
     * Deletes the least recently used entries beyond the limits ({@code keep}, the entry just stored, stays), graphs
     * without their {@code .json} and temporary files once they are {@link #STALE}. Failures are logged and
     * ignored: this is tidying.
     */
    void prune(String keep) {
        record Kept(String sha, long bytes, FileTime used) {
        }
        if (!Files.isDirectory(folder)) {
            return; // nothing was stored
        }
        List<Kept> entries = new ArrayList<>();
        Instant staleBefore = Instant.now().minus(STALE);
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json") && !name.startsWith(".")) {
                    String sha = name.substring(0, name.length() - ".json".length());
                    Path graph = folder.resolve(sha + ".sd");
                    long bytes = Files.size(file) + (Files.exists(graph) ? Files.size(graph) : 0);
                    entries.add(new Kept(sha, bytes, Files.getLastModifiedTime(file)));
                } else if ((name.endsWith(".part") || name.endsWith(".sd") && !Files.exists(folder.resolve(
                        name.substring(0, name.length() - ".sd".length()) + ".json")))
                        && Files.getLastModifiedTime(file).toInstant().isBefore(staleBefore)) {
                    Files.deleteIfExists(file);
                }
            }
            entries.sort(Comparator.comparing((Kept k) -> !k.sha().equals(keep)).thenComparing(Kept::used, Comparator.reverseOrder()));
            long total = 0;
            for (int i = 0; i < entries.size(); i++) {
                Kept entry = entries.get(i);
                total += entry.bytes();
                if (i > 0 && (i >= maxEntries || total > maxTotalBytes)) {
                    Files.deleteIfExists(folder.resolve(entry.sha() + ".json")); // first: an entry without it is never read
                    Files.deleteIfExists(folder.resolve(entry.sha() + ".sd"));
                    LOG.info("Import cache: removed {}, the least recently used", entry.sha());
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Could not tidy the import cache in {}", folder, e);
        }
    }
}
