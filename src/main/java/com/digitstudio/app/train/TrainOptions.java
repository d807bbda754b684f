package com.digitstudio.app.train;

import com.digitstudio.data.DataLocator;
import com.digitstudio.data.MnistDownloader;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the Train tab finds MNIST, where it keeps its checkpoint, and which mirrors it downloads from. The app
 * uses {@link #defaults()}; tests pass a fixture folder and a temporary checkpoint.
 *
 * @param dataFolder     the folder that holds (or will hold) MNIST's IDX files
 * @param checkpointFile the checkpoint a run writes as it goes, and that an interrupted run is resumed from
 * @param mirrors        where "Download" fetches MNIST from
 */
public record TrainOptions(Path dataFolder, Path checkpointFile, List<URI> mirrors) {

    public TrainOptions {
        mirrors = List.copyOf(mirrors);
    }

    /** MNIST from {@code $DIGIT_STUDIO_DATA} or {@code ~/.cache/digit-studio/mnist}; the checkpoint beside it. */
    public static TrainOptions defaults() {
        Path data = DataLocator.resolve(null);
        Path checkpoints = DataLocator.cacheFolder().resolveSibling("checkpoints");
        return new TrainOptions(data, checkpoints.resolve("last.ckpt.dsm"), MnistDownloader.DEFAULT_MIRRORS);
    }

    public TrainOptions withDataFolder(Path folder) {
        return new TrainOptions(folder, checkpointFile, mirrors);
    }
}
