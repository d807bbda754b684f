package com.digitstudio.app.train;

import com.digitstudio.data.IdxReader;
import com.digitstudio.data.MnistDownloader;
import com.digitstudio.data.MnistFile;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.concurrent.Task;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.IntConsumer;

/**
 * Where the Train tab's MNIST is: the folder, whether it holds the files, and their download when it does not
 * (checks and downloads on the I/O executor). Part of {@link TrainViewModel}; on the FX thread.
 */
public final class TrainData {
    public enum DataState { CHECKING, MISSING, DOWNLOADING, READY }

    private final Executor io;
    private final List<URI> mirrors;
    private final ObservableBooleanValue trainingActive;
    private final IntConsumer examplesFound;
    private final ReadOnlyObjectWrapper<Path> dataFolder = new ReadOnlyObjectWrapper<>(this, "dataFolder");
    private final ReadOnlyObjectWrapper<DataState> dataState = new ReadOnlyObjectWrapper<>(this, "dataState", DataState.CHECKING);
    private final ReadOnlyStringWrapper dataMessage = new ReadOnlyStringWrapper(this, "dataMessage", "");
    private final ReadOnlyLongWrapper downloadBytes = new ReadOnlyLongWrapper(this, "downloadBytes");
    private final ReadOnlyDoubleWrapper downloadProgress = new ReadOnlyDoubleWrapper(this, "downloadProgress");
    private DownloadTask download;

    /**
     * @param trainingActive while true, the folder is not changed
     * @param examplesFound  gets the number of training examples once the folder is found to hold MNIST
     */
    TrainData(Executor io, TrainOptions options, ObservableBooleanValue trainingActive, IntConsumer examplesFound) {
        this.io = io;
        this.mirrors = options.mirrors();
        this.trainingActive = trainingActive;
        this.examplesFound = examplesFound;
        dataFolder.set(options.dataFolder());
        check(options.dataFolder(), false);
    }

    private void check(Path folder, boolean chosenByUser) {
        int[] trainingExamples = {0};
        Task<List<MnistFile>> check = new Task<>() {
            @Override
            protected List<MnistFile> call() throws IOException {
                List<MnistFile> missing = DownloadTask.missing(folder);
                if (missing.isEmpty()) {
                    // the labels file is small: it says how many examples an epoch is
                    trainingExamples[0] = IdxReader.read(MnistFile.TRAIN_LABELS.find(folder).orElseThrow(), 1).count();
                }
                return missing;
            }
        };
        if (!chosenByUser) {
            dataState.set(DataState.CHECKING);
            dataMessage.set("Looking for MNIST in " + folder + "…");
        }
        check.setOnSucceeded(e -> {
            List<MnistFile> missing = check.getValue();
            if (missing.isEmpty()) {
                if (!trainingActive.get()) {
                    examplesFound.accept(trainingExamples[0]);
                }
                dataFolder.set(folder);
                dataState.set(DataState.READY);
                dataMessage.set("MNIST is in " + folder + ".");
            } else if (chosenByUser) {
                String refused = folder + " does not hold MNIST: " + missing.get(0).gzipName() + " is missing.";
                dataMessage.set(dataState.get() == DataState.READY
                        ? refused + " Still using " + dataFolder.get() + "."
                        : refused + " Download it or choose another folder.");
            } else {
                downloadBytes.set(MnistDownloader.downloadSize(missing));
                dataState.set(DataState.MISSING);
                dataMessage.set("MNIST is not in " + folder + ". Download it ("
                        + TrainFormat.megabytes(downloadBytes.get()) + ") or choose a folder that holds it.");
            }
        });
        check.setOnFailed(e -> {
            String sentence = check.getException().getMessage();
            if (chosenByUser) {
                dataMessage.set(folder + " cannot be used: " + sentence);
            } else {
                dataState.set(DataState.MISSING);
                dataMessage.set("MNIST in " + folder + " cannot be used: " + sentence);
            }
        });
        io.execute(check);
    }

    /** Uses MNIST from {@code folder} if it holds it; otherwise says which file is missing. */
    public void useFolder(Path folder) {
        if (trainingActive.get() || dataState.get() == DataState.DOWNLOADING) {
            return;
        }
        check(folder, true);
    }

    /** Bytes {@link #download()} would fetch (known once the data folder was looked at). */
    public ReadOnlyLongProperty downloadBytesProperty() {
        return downloadBytes.getReadOnlyProperty();
    }

    /** Downloads the missing MNIST files into the data folder (on the I/O executor). */
    public void download() {
        if (dataState.get() != DataState.MISSING) {
            return;
        }
        Path folder = dataFolder.get();
        DownloadTask fetch = new DownloadTask(folder, mirrors);
        download = fetch;
        dataState.set(DataState.DOWNLOADING);
        downloadProgress.bind(fetch.progressProperty());
        dataMessage.set("Downloading MNIST into " + folder + "…");
        fetch.messageProperty().addListener((obs, old, now) -> {
            if (dataState.get() == DataState.DOWNLOADING && now != null && !now.isEmpty()) {
                dataMessage.set("Downloading " + now + "…");
            }
        });
        fetch.setOnSucceeded(e -> downloadEnded(folder, null));
        fetch.setOnFailed(e -> downloadEnded(folder, "The download failed: " + TrainViewModel.sentence(fetch.getException())));
        fetch.setOnCancelled(e -> downloadEnded(folder, "The download was cancelled; nothing half-written was kept."));
        io.execute(fetch);
    }

    public void cancelDownload() {
        if (download != null) {
            download.cancel();
        }
    }

    private void downloadEnded(Path folder, String failure) {
        downloadProgress.unbind();
        download = null;
        if (failure == null) {
            check(folder, false);
        } else {
            dataState.set(DataState.MISSING);
            dataMessage.set(failure);
        }
    }

    ReadOnlyObjectProperty<Path> folderProperty() {
        return dataFolder.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<DataState> stateProperty() {
        return dataState.getReadOnlyProperty();
    }

    ReadOnlyStringProperty messageProperty() {
        return dataMessage.getReadOnlyProperty();
    }

    ReadOnlyDoubleProperty downloadProgressProperty() {
        return downloadProgress.getReadOnlyProperty();
    }
}
