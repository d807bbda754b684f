package com.digitstudio.app.train;

import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.SavedModel;
import com.digitstudio.train.Trainer;
import com.digitstudio.train.TrainingConfig;
import javafx.concurrent.Task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Looks, on the I/O executor, for an unfinished run in the checkpoint file: the tab then offers to resume it. */
final class CheckpointProbe extends Task<Optional<CheckpointProbe.ResumeOffer>> {
    /** An unfinished run found in the checkpoint file: {@code step} of {@code steps} done. */
    public record ResumeOffer(String preset, long step, long steps, Double testAccuracy) {
    }

    private final Path file;

    CheckpointProbe(Path file) {
        this.file = file;
        updateTitle("Reading the training checkpoint");
    }

    Path file() {
        return file;
    }

    @Override
    protected Optional<ResumeOffer> call() throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        SavedModel saved = ModelFiles.read(file);
        if (!saved.isCheckpoint()) {
            return Optional.empty();
        }
        TrainingConfig config = Trainer.checkpointConfig(saved);
        long step = saved.info().steps();
        return step < config.steps() ? Optional.of(new ResumeOffer(config.preset(), step, config.steps(),
                saved.info().testAccuracy())) : Optional.empty();
    }
}
