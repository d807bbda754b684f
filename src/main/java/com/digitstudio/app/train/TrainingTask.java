package com.digitstudio.app.train;

import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluation;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.SavedModel;
import com.digitstudio.train.Trainer;
import com.digitstudio.train.TrainingConfig;
import com.digitstudio.train.TrainingControl;
import com.digitstudio.train.TrainingListener;
import com.digitstudio.train.TrainingResult;
import javafx.concurrent.Task;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One training run, on the training executor: loads MNIST (or reuses what the last run loaded), builds a
 * {@link Trainer} (new, or resumed from the checkpoint), and runs it. Progress goes to {@code events} (on this
 * thread; the view model queues it and takes it in batches): nothing here touches the FX thread per step.
 */
final class TrainingTask extends Task<TrainingResult> {
    /** MNIST as loaded from a folder; kept between runs. */
    record LoadedData(Path folder, MnistSet train, MnistSet test) {
    }

    private final Path dataFolder;
    private final TrainingConfig config;
    private final boolean resume;
    private final Path checkpointFile;
    private final TrainingControl control;
    private final StepGate gate;
    private final Consumer<TrainingEvent> events;
    private final AtomicReference<LoadedData> dataCache;
    private volatile Trainer trainer;

    /**
     * @param config the settings of a new run; ignored when {@code resume} (the checkpoint's own are used)
     * @param resume continue the run saved in {@code checkpointFile}
     */
    TrainingTask(Path dataFolder, TrainingConfig config, boolean resume, Path checkpointFile, TrainingControl control,
                 StepGate gate, Consumer<TrainingEvent> events, AtomicReference<LoadedData> dataCache) {
        this.dataFolder = dataFolder;
        this.config = config;
        this.resume = resume;
        this.checkpointFile = checkpointFile;
        this.control = control;
        this.gate = gate;
        this.events = events;
        this.dataCache = dataCache;
        updateTitle("Training");
    }

    /** The run's trainer once built (null before, or if the run failed first). */
    Trainer trainer() {
        return trainer;
    }

    @Override
    protected TrainingResult call() throws Exception {
        try {
            updateMessage("Loading MNIST…");
            LoadedData data = load();
            if (resume) {
                updateMessage("Reading the checkpoint…");
                SavedModel saved = ModelFiles.read(checkpointFile);
                trainer = Trainer.resume(saved, Trainer.checkpointConfig(saved), data.train(), data.test());
            } else {
                trainer = Trainer.start(config, data.train(), data.test());
            }
            Files.createDirectories(checkpointFile.toAbsolutePath().getParent());
            trainer.checkpointTo(checkpointFile);
            events.accept(new TrainingEvent.Started(trainer.config(), trainer.step(), trainer.log(), data.train(), data.test()));
            updateMessage("Training");
            return trainer.run(new Relay(), control);
        } finally {
            gate.close(trainer);
        }
    }

    private LoadedData load() throws IOException {
        LoadedData cached = dataCache.get();
        if (cached != null && cached.folder().equals(dataFolder)) {
            return cached;
        }
        LoadedData loaded = new LoadedData(dataFolder, MnistData.load(dataFolder, MnistData.Split.TRAIN),
                MnistData.load(dataFolder, MnistData.Split.TEST));
        dataCache.set(loaded);
        return loaded;
    }

    @Override
    protected void cancelled() {
        control.stop();
    }

    /** On the training thread: queues what happened, and lets the gate run jobs and hold a pause. */
    private final class Relay implements TrainingListener {
        @Override
        public void onStep(Step step) {
            events.accept(new TrainingEvent.Stepped(step));
            try {
                gate.atStepBoundary(trainer, parked -> events.accept(new TrainingEvent.Parked(parked)));
            } catch (InterruptedException e) {
                // the app is closing: end the run as Stop would
                control.stop();
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onEvaluation(long step, Evaluation evaluation) {
            events.accept(new TrainingEvent.Evaluated(step, evaluation));
        }

        @Override
        public void onCheckpoint(long step, Path file) {
            events.accept(new TrainingEvent.Checkpointed(step, file));
        }
    }
}
