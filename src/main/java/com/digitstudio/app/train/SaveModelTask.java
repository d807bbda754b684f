package com.digitstudio.app.train;

import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.SavedModel;
import javafx.concurrent.Task;

import java.nio.file.Path;

/** Writes a trained model where the user chose, atomically (on the I/O executor). */
final class SaveModelTask extends Task<Path> {
    private final Path target;
    private final SavedModel model;

    SaveModelTask(Path target, SavedModel model) {
        this.target = target;
        this.model = model;
        updateTitle("Saving " + target.getFileName());
    }

    @Override
    protected Path call() throws Exception {
        ModelFiles.save(target, model);
        return target;
    }
}
