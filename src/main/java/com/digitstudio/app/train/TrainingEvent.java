package com.digitstudio.app.train;

import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluation;
import com.digitstudio.train.TrainingConfig;
import com.digitstudio.train.TrainingListener;
import com.digitstudio.train.TrainingLog;

import java.nio.file.Path;

/** What the training thread reports to the view model; queued, and taken by the FX thread a batch at a time. */
sealed interface TrainingEvent {

    /**
     * The data is loaded and the trainer built; the run starts after {@code firstStep} steps, and {@code past} holds
     * what the steps before it reported (empty for a new run; a resumed run's checkpoint carries its own).
     */
    record Started(TrainingConfig config, long firstStep, TrainingLog.Snapshot past, MnistSet train, MnistSet test)
            implements TrainingEvent {
    }

    record Stepped(TrainingListener.Step step) implements TrainingEvent {
    }

    record Evaluated(long step, Evaluation evaluation) implements TrainingEvent {
    }

    record Checkpointed(long step, Path file) implements TrainingEvent {
    }

    /** The training thread started ({@code true}) or stopped waiting at a pause. */
    record Parked(boolean parked) implements TrainingEvent {
    }
}
