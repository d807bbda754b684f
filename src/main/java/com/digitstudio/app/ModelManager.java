package com.digitstudio.app;

import com.digitstudio.support.UserMessages;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelInfo;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * Puts models in use: each load is a {@link LoadModelTask} on the I/O executor; a newer load cancels an older one
 * still running; a failed load leaves the model in use as it was. Models loaded here are closed (on the inference
 * thread, after any reading in progress) when another model replaces them. Used on the FX thread.
 */
public final class ModelManager {
    private static final Logger LOG = LoggerFactory.getLogger(ModelManager.class);

    private final AppContext context;
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "No model loaded.");
    /** The load's progress, 0..1, or -1 while it cannot say (an import's own step); 0 when nothing loads. */
    private final javafx.beans.property.ReadOnlyDoubleWrapper progress = new javafx.beans.property.ReadOnlyDoubleWrapper(this, "progress");
    private final Set<DigitClassifier> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private LoadModelTask current;
    private String lastFailure;

    public ModelManager(AppContext context) {
        this.context = context;
        context.modelProperty().addListener((obs, old, now) -> {
            if (old != null && owned.remove(old)) {
                closeLater(old);
            }
            updateStatus();
        });
        updateStatus();
    }

    /**
     * Says in the status bar that a model is on its way before its load starts (the app opens its window first
     * and starts loading after the first frame).
     */
    public void announceLoad() {
        if (current == null && context.getModel() == null) {
            loading.set(true);
            status.set("Loading the model…");
        }
    }

    /**
     * Starts {@code task}; when it succeeds its model is put in use and {@code onLoaded} runs, when it fails
     * {@code onFailure} gets one sentence saying why. Both on the FX thread.
     */
    public void load(LoadModelTask task, Consumer<LoadModelTask> onLoaded, Consumer<String> onFailure) {
        if (current != null) {
            current.cancel();
        }
        current = task;
        loading.set(true);
        progress.set(-1);
        task.messageProperty().addListener((obs, old, message) -> {
            if (current == task) {
                updateStatus();
            }
        });
        task.progressProperty().addListener((obs, old, value) -> {
            if (current == task) {
                progress.set(value.doubleValue());
            }
        });
        updateStatus();
        task.setOnSucceeded(event -> {
            DigitClassifier model = task.getValue();
            finished(task);
            lastFailure = null;
            owned.add(model);
            warmUp(model);
            context.setModel(model);
            LOG.info("Model {} in use", model.info().name());
            onLoaded.accept(task);
        });
        task.setOnFailed(event -> {
            finished(task);
            String sentence = UserMessages.cannotOpen(task.displayName(), "a model", task.getException());
            lastFailure = sentence;
            updateStatus();
            onFailure.accept(sentence);
        });
        task.setOnCancelled(event -> finished(task));
        try {
            context.ioExecutor().execute(task);
        } catch (RejectedExecutionException e) {
            finished(task);
        }
    }

    /** Stops the load in progress (an import stops at its next step); the model in use stays. */
    public void cancelLoad() {
        if (current != null) {
            LOG.info("Loading {} cancelled", current.displayName());
            current.cancel();
        }
    }

    public javafx.beans.property.ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    private void finished(LoadModelTask task) {
        if (current == task) {
            current = null;
            loading.set(false);
            progress.set(0);
            updateStatus();
        }
    }

    /**
     * One prediction of a blank image on the inference thread, queued just before the switch (so before the re-read
     * of whatever is on the pad): the first prediction on a thread pays for ND4J's set-up (measured ~100 ms, then
     * ~10-35 ms), and the user's drawing should not.
     */
    private void warmUp(DigitClassifier model) {
        try {
            context.inferenceExecutor().execute(() -> {
                try {
                    model.predict(new float[DigitClassifier.INPUTS]);
                } catch (RuntimeException e) {
                    LOG.warn("Warming up {} failed", model.info().name(), e);
                }
            });
        } catch (RejectedExecutionException e) {
            // the app is closing
        }
    }

    private void closeLater(DigitClassifier model) {
        try {
            context.inferenceExecutor().execute(() -> {
                try {
                    model.close();
                } catch (Exception e) {
                    LOG.warn("Closing a model failed", e);
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Inference executor closed; model not closed explicitly");
        }
    }

    private void updateStatus() {
        DigitClassifier model = context.getModel();
        if (current != null) {
            status.set(current.getMessage());
        } else if (model != null) {
            status.set(describe(model.info()));
        } else if (lastFailure != null) {
            status.set("No model loaded · " + lastFailure);
        } else {
            status.set("No model loaded.");
        }
    }

    /** A model's name and test accuracy, for the status bar. */
    public static String describe(ModelInfo info) {
        String name = info.name() == null || info.name().isBlank() ? "unnamed model" : info.name();
        String accuracy = info.testAccuracy() == null ? "test accuracy unknown"
                : String.format(Locale.ROOT, "%.2f%% test accuracy", info.testAccuracy() * 100);
        return "Model: " + name + " · " + accuracy;
    }

    /** True while a model is being loaded. */
    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /** The model in use with its accuracy, or what is being loaded, or why there is no model. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /** Why the last load failed, if the last load failed. */
    public String lastFailure() {
        return lastFailure;
    }
}
