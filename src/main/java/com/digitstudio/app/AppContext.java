package com.digitstudio.app;

import com.digitstudio.model.DigitClassifier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the app's views share: the model in use and the executors that do the app's long work. The FX thread
 * only draws; inference runs on one dedicated thread (SameDiff keeps a session per calling thread, and a model
 * must be used by one thread at a time), loading and saving on an I/O thread, training on its own thread.
 * Closing the context stops them all.
 */
public final class AppContext implements AutoCloseable {
    private final ExecutorService inference;
    private final ExecutorService io;
    private final ExecutorService training;
    private final ReadOnlyObjectWrapper<DigitClassifier> model = new ReadOnlyObjectWrapper<>(this, "model");
    private java.nio.file.Path myDigitsFile = com.digitstudio.adapt.MyDigits.defaultFile();

    public AppContext() {
        this(Executors.newSingleThreadExecutor(named("digit-studio-inference")),
                Executors.newSingleThreadExecutor(named("digit-studio-io")),
                Executors.newSingleThreadExecutor(named("digit-studio-training")));
    }

    /** For tests that want to choose the executors. */
    public AppContext(ExecutorService inference, ExecutorService io, ExecutorService training) {
        this.inference = inference;
        this.io = io;
        this.training = training;
    }

    /** Where My digits are kept ({@code $XDG_DATA_HOME/digit-studio/my-digits.jsonl}). */
    public java.nio.file.Path myDigitsFile() {
        return myDigitsFile;
    }

    /** For tests: keep My digits in {@code file}; set before the window is built. */
    public void useMyDigitsFile(java.nio.file.Path file) {
        myDigitsFile = file;
    }

    public static ThreadFactory named(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, count.getAndIncrement() == 0 ? name : name + "-" + count.get());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** The model the Draw tab uses. Read on the FX thread. */
    public ReadOnlyObjectProperty<DigitClassifier> modelProperty() {
        return model.getReadOnlyProperty();
    }

    public DigitClassifier getModel() {
        return model.get();
    }

    /** Puts {@code newModel} in use (on the FX thread; it may be called from any thread). */
    public void setModel(DigitClassifier newModel) {
        if (Platform.isFxApplicationThread()) {
            model.set(newModel);
        } else {
            Platform.runLater(() -> model.set(newModel));
        }
    }

    /**
     * Loads the engine's native libraries on the inference thread (where every model call runs), so that it
     * overlaps with the I/O thread reading a model file.
     */
    public void startEngine() {
        try {
            inference.execute(() -> {
                try {
                    com.digitstudio.model.Engine.start();
                } catch (RuntimeException | LinkageError e) {
                    org.slf4j.LoggerFactory.getLogger(AppContext.class).warn("The engine did not start", e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    /** The single thread every model call runs on. */
    public ExecutorService inferenceExecutor() {
        return inference;
    }

    /** Loading and saving files, downloads. */
    public ExecutorService ioExecutor() {
        return io;
    }

    /** Training runs. */
    public ExecutorService trainingExecutor() {
        return training;
    }

    @Override
    public void close() {
        // saves queued on the I/O thread (My digits, a model) get a few seconds to finish: nothing is lost on quit
        io.shutdown();
        try {
            if (!io.awaitTermination(5, TimeUnit.SECONDS)) {
                io.shutdownNow();
            }
        } catch (InterruptedException e) {
            io.shutdownNow();
            Thread.currentThread().interrupt();
        }
        for (ExecutorService executor : new ExecutorService[]{inference, training}) {
            executor.shutdownNow();
        }
        try {
            training.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
