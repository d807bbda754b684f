package com.digitstudio.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The four files of MNIST, with their SHA-256 (of the decompressed content) and sizes. */
public enum MnistFile {
    TRAIN_IMAGES("train-images", "idx3-ubyte", 3, "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db", 47_040_016L, 9_912_422L),
    TRAIN_LABELS("train-labels", "idx1-ubyte", 1, "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5", 60_008L, 28_881L),
    TEST_IMAGES("t10k-images", "idx3-ubyte", 3, "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7", 7_840_016L, 1_648_877L),
    TEST_LABELS("t10k-labels", "idx1-ubyte", 1, "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2", 10_008L, 4_542L);

    private final String stem;
    private final String kind;
    private final int ndims;
    private final String sha256;
    private final long size;
    private final long gzipSize;

    MnistFile(String stem, String kind, int ndims, String sha256, long size, long gzipSize) {
        this.stem = stem;
        this.kind = kind;
        this.ndims = ndims;
        this.sha256 = sha256;
        this.size = size;
        this.gzipSize = gzipSize;
    }

    /** The canonical name, as the mirrors serve it: {@code train-images-idx3-ubyte.gz}. */
    public String gzipName() {
        return canonicalName() + ".gz";
    }

    /** {@code train-images-idx3-ubyte}: the decompressed file's canonical name. */
    public String canonicalName() {
        return stem + "-" + kind;
    }

    /** The names under which the file is accepted, in order of preference. */
    public List<String> acceptedNames() {
        String dotted = stem + "." + kind;
        return List.of(canonicalName(), canonicalName() + ".gz", dotted, dotted + ".gz");
    }

    public int ndims() {
        return ndims;
    }

    public String sha256() {
        return sha256;
    }

    /** Bytes of the decompressed file. */
    public long size() {
        return size;
    }

    /** Bytes of the gzipped file as the mirrors serve it (what a download costs). */
    public long gzipSize() {
        return gzipSize;
    }

    /** The first accepted name that exists in {@code dir}. */
    public Optional<Path> find(Path dir) {
        for (String name : acceptedNames()) {
            Path candidate = dir.resolve(name);
            if (Files.isRegularFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
