package com.digitstudio.app;

import com.digitstudio.model.CnnNetwork;
import com.digitstudio.onnx.OnnxExport;
import javafx.concurrent.Task;

import java.nio.file.Path;

/** Writes the model in use as an ONNX file, on the I/O thread, atomically. */
final class ExportOnnxTask extends Task<Path> {
    private final CnnNetwork network;
    private final Path target;

    ExportOnnxTask(CnnNetwork network, Path target) {
        this.network = network;
        this.target = target;
        updateTitle("Exporting " + target.getFileName());
    }

    @Override
    protected Path call() throws Exception {
        OnnxExport.write(network, target);
        return target;
    }
}
