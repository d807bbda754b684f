package com.digitstudio.app;

import com.digitstudio.model.CnnNetwork;
import javafx.concurrent.Task;

import java.io.IOException;
import java.nio.file.Path;

/** Writes the model in use to a file the user chose (as .dsm, or exported as ONNX), on the I/O thread; writers are atomic. */
final class WriteModelTask extends Task<Path> {
    /** One way of writing a network to a file. */
    interface Writer {
        void write(CnnNetwork network, Path target) throws IOException;
    }

    private final CnnNetwork network;
    private final Path target;
    private final Writer writer;

    WriteModelTask(CnnNetwork network, Path target, Writer writer) {
        this.network = network;
        this.target = target;
        this.writer = writer;
        updateTitle("Writing " + target.getFileName());
    }

    @Override
    protected Path call() throws Exception {
        writer.write(network, target);
        return target;
    }
}
