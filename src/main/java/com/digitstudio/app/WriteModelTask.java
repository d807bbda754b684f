package com.digitstudio.app;

import javafx.concurrent.Task;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes a model to a file the user chose, on the I/O executor: the model in use (as .dsm, or exported as ONNX),
 * or the Train tab's trained model with its checkpoint state. The writers are atomic.
 *
 * @param <M> what is written: a network, or a saved model
 */
public final class WriteModelTask<M> extends Task<Path> {
    /** One way of writing a model to a file. */
    public interface Writer<M> {
        void write(M model, Path target) throws IOException;
    }

    private final M model;
    private final Path target;
    private final Writer<M> writer;

    public WriteModelTask(M model, Path target, Writer<M> writer) {
        this.model = model;
        this.target = target;
        this.writer = writer;
        updateTitle("Writing " + target.getFileName());
    }

    @Override
    protected Path call() throws Exception {
        writer.write(model, target);
        return target;
    }
}
