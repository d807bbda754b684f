package com.digitstudio.app;

import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.SavedModel;
import javafx.concurrent.Task;

import java.nio.file.Path;
import java.util.Map;

/** Writes the model in use (a taught one, say) as a Digit Studio model file, on the I/O thread, atomically. */
final class SaveModelAsTask extends Task<Path> {
    private final CnnNetwork network;
    private final Path target;

    SaveModelAsTask(CnnNetwork network, Path target) {
        this.network = network;
        this.target = target;
        updateTitle("Saving " + target.getFileName());
    }

    @Override
    protected Path call() throws Exception {
        ModelFiles.save(target, new SavedModel(network.info(), network.parameters(), null, Map.of()));
        return target;
    }
}
