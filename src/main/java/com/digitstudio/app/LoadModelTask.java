package com.digitstudio.app;

import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.PixelScale;
import com.digitstudio.support.Progress;
import com.digitstudio.model.ShippedModel;
import javafx.concurrent.Task;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** Loads a model on the I/O thread: a model file the user chose, or the one shipped inside the app. */
public final class LoadModelTask extends Task<DigitClassifier> {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(LoadModelTask.class);
    private final String displayName;
    private final Path file;
    private final Callable<DigitClassifier> loader;

    private LoadModelTask(String displayName, Path file, Callable<DigitClassifier> loader) {
        this.displayName = displayName;
        this.file = file;
        this.loader = loader;
        updateTitle("Loading " + displayName);
        updateMessage("Loading " + displayName + "…");
    }

    public static LoadModelTask shipped() {
        return new LoadModelTask("the shipped model", null, ShippedModel::load);
    }

    public static LoadModelTask file(Path file) {
        return file(file, null);
    }

    /** {@code file} read with the pixel scaling the user chose ({@code null}: found by scoring, for foreign models). */
    public static LoadModelTask file(Path file, PixelScale scale) {
        LoadModelTask[] self = new LoadModelTask[1];
        self[0] = new LoadModelTask(file.getFileName().toString(), file,
                () -> com.digitstudio.foreign.Models.load(file, scale, self[0].progress()));
        return self[0];
    }

    /** Passes an import's steps on to this task's message and progress; cancelling the task stops the import. */
    private Progress progress() {
        return new Progress() {
            @Override
            public void update(String message, double fraction) {
                updateMessage(message);
                updateProgress(fraction < 0 ? -1 : fraction, fraction < 0 ? -1 : 1);
            }

            @Override
            public boolean cancelled() {
                return isCancelled();
            }
        };
    }

    /** For tests: any way of making a model. */
    public static LoadModelTask of(String displayName, Callable<DigitClassifier> loader) {
        return new LoadModelTask(displayName, null, loader);
    }

    /** The file being loaded, or null for the shipped model. */
    public Path file() {
        return file;
    }

    public String displayName() {
        return displayName;
    }

    @Override
    protected DigitClassifier call() throws Exception {
        long start = System.nanoTime();
        DigitClassifier model = loader.call();
        LOG.debug("Read {} in {} ms", displayName, (System.nanoTime() - start) / 1_000_000);
        if (isCancelled()) {
            model.close(); // superseded by a newer load: nobody will ever use or close it
        }
        return model;
    }
}
