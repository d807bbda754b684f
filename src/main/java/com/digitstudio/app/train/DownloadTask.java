package com.digitstudio.app.train;

import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistDownloader;
import com.digitstudio.data.MnistFile;
import javafx.concurrent.Task;

import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Downloads the MNIST files missing from a folder (on the I/O executor); cancellable between reads. */
final class DownloadTask extends Task<Void> {
    private final Path folder;
    private final List<URI> mirrors;

    DownloadTask(Path folder, List<URI> mirrors) {
        this.folder = folder;
        this.mirrors = mirrors;
        updateTitle("Downloading MNIST");
    }

    /** The files of both splits that {@code folder} lacks. */
    static List<MnistFile> missing(Path folder) {
        Set<MnistFile> files = new LinkedHashSet<>(MnistData.missing(folder, MnistData.Split.TRAIN));
        files.addAll(MnistData.missing(folder, MnistData.Split.TEST));
        return List.copyOf(files);
    }

    @Override
    protected Void call() throws Exception {
        List<MnistFile> files = missing(folder);
        long total = MnistDownloader.downloadSize(files);
        updateProgress(0, 1);
        new MnistDownloader(mirrors).download(folder, files, progress -> {
            updateProgress(progress.fraction(), 1);
            updateMessage(String.format("%s: %s of %s", progress.file().gzipName(),
                    TrainFormat.megabytes(Math.round(progress.fraction() * total)), TrainFormat.megabytes(total)));
        }, this::isCancelled);
        return null;
    }
}
