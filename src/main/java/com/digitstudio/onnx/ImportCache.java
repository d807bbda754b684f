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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Imported ONNX graphs, kept so that opening the same file again skips SameDiff's import (8 s for the zoo model)
 * and the scaling test: {@code $XDG_CACHE_HOME/digit-studio/imports/<SHA-256 of the ONNX file>.sd} (SameDiff's
 * FlatBuffers form, the MatMul fix already applied) and {@code .json} (what was found, and the SHA-256 of the
 * {@code .sd} itself). An entry whose graph does not match its recorded hash, or does not read, is ignored and
 * replaced: the cache can only save time, never change an answer. Each entry is written atomically.
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

    private final Path folder;

    ImportCache(Path folder) {
        this.folder = folder;
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
            return Optional.of(new Hit(SameDiff.fromFlatFile(graph.toFile()), entry));
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
    }
}
