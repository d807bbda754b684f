package com.digitstudio.app.train;

import com.digitstudio.app.AppContext;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.train.Preset;
import com.digitstudio.train.Trainer;
import com.digitstudio.train.TrainingConfig;
import com.digitstudio.train.TrainingControl;
import com.digitstudio.train.TrainingResult;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The Train tab's state and actions: a run's lifecycle (train, resume, pause, stop, how it ended). A run is a
 * {@link TrainingTask} on the app's training executor; its progress arrives in a queue that the FX thread empties
 * at most once a second ({@link FxThrottle}) into {@link RunFigures}, so however fast the steps come, the FX thread
 * handles one batch a second, and nothing when nothing happens. The data folder and its download are
 * {@link TrainData}'s; using, saving and evaluating the trained model {@link TrainedModelActions}'. Lives on the FX
 * thread; exposes read-only properties.
 */
public final class TrainViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(TrainViewModel.class);
    /**
     * How often (at most) the FX thread takes the training thread's reports: once a second. Every update costs the
     * training run more than its own CPU time on two cores (while the UI holds a core, a kernel's two OpenMP
     * halves wait for each other), and the JIT compiles whatever UI code runs often. Fast preset, 600 steps, under
     * Xvfb: 75.5 s with the figures every 250 ms and the charts every second, 63.7 and 68.5 s with the figures
     * every second and the charts every two; the command line 67.3 and 68.0 s.
     */
    static final long PUMP_INTERVAL_MILLIS = 1000;

    /** Where a run stands. */
    public enum Phase {
        IDLE, LOADING, RUNNING, PAUSING, PAUSED, STOPPING, FINISHED, STOPPED, FAILED;

        public boolean active() {
            return this == LOADING || this == RUNNING || this == PAUSING || this == PAUSED || this == STOPPING;
        }
    }

    private final AppContext context;
    private final TrainOptions options;
    private final HyperparameterForm form = new HyperparameterForm(Preset.FAST);
    private final RunFigures run = new RunFigures();
    private final ConcurrentLinkedQueue<TrainingEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicReference<TrainingTask.LoadedData> dataCache = new AtomicReference<>();
    private final FxThrottle pump = new FxThrottle(PUMP_INTERVAL_MILLIS, this::drain);

    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.IDLE);
    private final ReadOnlyBooleanWrapper trainingActive = new ReadOnlyBooleanWrapper(this, "trainingActive");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyBooleanWrapper modelAvailable = new ReadOnlyBooleanWrapper(this, "modelAvailable");
    private final ReadOnlyObjectWrapper<TrainingResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyObjectWrapper<CheckpointProbe.ResumeOffer> resumeOffer = new ReadOnlyObjectWrapper<>(this, "resumeOffer");
    private final BooleanBinding canTrain;
    private final TrainData data;
    private final TrainedModelActions modelActions;

    private TrainingTask task;
    private TrainingControl control;
    private StepGate gate;

    public TrainViewModel(AppContext context, TrainOptions options) {
        this.context = context;
        this.options = options;
        trainingActive.bind(Bindings.createBooleanBinding(() -> phase.get().active(), phase));
        data = new TrainData(context.ioExecutor(), options, trainingActive.getReadOnlyProperty(),
                examples -> form.trainingExamplesProperty().set(examples));
        modelActions = new TrainedModelActions(context, () -> task == null ? null : new TrainedModelActions.Run(task, gate),
                new TrainedModelActions.Feedback() {
                    @Override
                    public void inform(String sentence) {
                        TrainViewModel.this.inform(sentence);
                    }

                    @Override
                    public void error(String sentence) {
                        error.set(sentence);
                    }

                    @Override
                    public void evaluated(TrainingEvent.Evaluated evaluation) {
                        run.recordEvaluation(evaluation);
                        run.changed(stepLine());
                    }
                });
        canTrain = form.validProperty().and(data.stateProperty().isEqualTo(TrainData.DataState.READY)).and(trainingActive.not());
        probeCheckpoint();
    }

    // ---------------------------------------------------------------- training

    /** Starts a new run with the form's settings. */
    public void train() {
        if (!canTrain.get()) {
            return;
        }
        resumeOffer.set(null);
        start(form.config(), false);
    }

    /** Continues the unfinished run saved in the checkpoint. */
    public void resumeFromCheckpoint() {
        if (trainingActive.get() || data.stateProperty().get() != TrainData.DataState.READY) {
            return;
        }
        resumeOffer.set(null);
        start(null, true);
    }

    private void start(TrainingConfig config, boolean resume) {
        control = new TrainingControl();
        gate = new StepGate(control);
        events.clear();
        run.clear(resume ? "Loading MNIST and the checkpoint…" : "Loading MNIST…");
        result.set(null);
        error.set(null);
        modelAvailable.set(false);
        phase.set(Phase.LOADING);
        TrainingTask training = new TrainingTask(data.folderProperty().get(), config, resume, options.checkpointFile(), control, gate,
                event -> {
                    events.add(event);
                    pump.request();
                }, dataCache);
        task = training;
        training.setOnSucceeded(e -> finished(training, training.getValue(), null));
        training.setOnFailed(e -> finished(training, null, training.getException()));
        training.setOnCancelled(e -> finished(training, null, null));
        context.trainingExecutor().execute(training);
    }

    /** Holds the run at the next step boundary; the weights can still be used and saved. */
    public void pause() {
        if (phase.get() == Phase.RUNNING || phase.get() == Phase.LOADING) {
            gate.pause();
            phase.set(Phase.PAUSING);
        }
    }

    public void resume() {
        if (phase.get() == Phase.PAUSING || phase.get() == Phase.PAUSED) {
            gate.resume();
            phase.set(Phase.RUNNING);
        }
    }

    /** Ends the run after the current step; what it learned is kept (evaluated, checkpointed, usable). */
    public void stop() {
        if (trainingActive.get() && phase.get() != Phase.STOPPING) {
            gate.stop();
            phase.set(Phase.STOPPING);
            run.say("Stopping: finishing the step, evaluating on the test set, writing the checkpoint…");
        }
    }

    private void finished(TrainingTask training, TrainingResult value, Throwable failure) {
        if (training != task) {
            return;
        }
        pump.flush();
        Trainer trainer = training.trainer();
        modelAvailable.set(trainer != null && run.stepsDoneProperty().get() > 0);
        if (value != null) {
            phase.set(value.stopped() ? Phase.STOPPED : Phase.FINISHED);
            result.set(value);
            run.ended(value);
            if (value.stopped()) {
                probeCheckpoint();
            }
        } else {
            phase.set(Phase.FAILED);
            String sentence = failure == null ? "The run was cancelled." : sentence(failure);
            error.set(sentence);
            run.failed(sentence);
        }
    }

    /** News for the status line; it replaces an earlier error. */
    private void inform(String text) {
        error.set(null);
        message.set(text);
    }

    /** One sentence for the user; programming errors are logged with their stack. */
    static String sentence(Throwable failure) {
        if (failure instanceof IOException || failure instanceof IllegalArgumentException
                || failure instanceof Trainer.TrainingDivergedException) {
            return failure.getMessage();
        }
        if (failure instanceof OutOfMemoryError) {
            return "There is not enough memory for this run; try a smaller batch size.";
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException || cause instanceof ClosedByInterruptException) {
                LOG.warn("Training was interrupted: {}", failure.toString());
                return "The run was interrupted; its last checkpoint can be resumed.";
            }
            if (cause instanceof IOException && cause.getMessage() != null) {
                LOG.warn("Training failed", failure);
                return "Training stopped: " + cause.getMessage();
            }
        }
        LOG.error("Training failed", failure);
        return "Training failed: " + failure;
    }

    /** Whether the progress line shows the step: during a run, unless it says that the run is stopping. */
    private boolean stepLine() {
        return phase.get().active() && phase.get() != Phase.STOPPING;
    }

    /** Takes everything the training thread reported since the last time; on the FX thread. */
    void drain() {
        boolean changed = false;
        for (TrainingEvent event; (event = events.poll()) != null; ) {
            if (event instanceof TrainingEvent.Started started) {
                form.trainingExamplesProperty().set(started.train().size());
                form.load(started.config());
                if (phase.get() == Phase.LOADING) {
                    phase.set(Phase.RUNNING);
                }
            } else if (event instanceof TrainingEvent.Checkpointed c) {
                LOG.debug("checkpoint at step {}: {}", c.step(), c.file());
            } else if (event instanceof TrainingEvent.Parked p && p.parked() && phase.get() == Phase.PAUSING) {
                phase.set(Phase.PAUSED);
            }
            changed |= run.take(event);
        }
        if (changed) {
            run.changed(stepLine());
            if (run.stepped()) {
                modelAvailable.set(true);
            }
        }
    }

    // ---------------------------------------------------------------- the trained model (TrainedModelActions)

    /** Puts an independent copy of the model as it stands into the Draw tab. */
    public void useModel() {
        if (modelAvailable.get()) {
            modelActions.useModel();
        }
    }

    /** Writes the model as it stands to {@code target} (atomically, on the I/O executor). */
    public void saveModel(Path target) {
        if (modelAvailable.get()) {
            modelActions.saveModel(target);
        }
    }

    /** Evaluates the model as it stands on the test set now (on the training thread, between two steps). */
    public void evaluateNow() {
        if (modelAvailable.get() && run.testSetProperty().get() != null) {
            modelActions.evaluateNow(run.testSetProperty().get());
        }
    }

    /** A name for the model file: the preset and the steps, e.g. {@code fast-1200.dsm}. */
    public String suggestedFileName() {
        return form.config().preset() + "-" + run.stepsDoneProperty().get() + ModelFiles.EXTENSION;
    }

    // ---------------------------------------------------------------- data (TrainData)

    /** Uses MNIST from {@code folder} if it holds it; otherwise says which file is missing. */
    public void useDataFolder(Path folder) {
        data.useFolder(folder);
    }

    /** Bytes {@link #download()} would fetch (known once the data folder was looked at). */
    public ReadOnlyLongProperty downloadBytesProperty() {
        return data.downloadBytesProperty();
    }

    /** Downloads the missing MNIST files into the data folder (on the I/O executor). */
    public void download() {
        data.download();
    }

    public void cancelDownload() {
        data.cancelDownload();
    }

    // ---------------------------------------------------------------- checkpoint

    private void probeCheckpoint() {
        CheckpointProbe probe = new CheckpointProbe(options.checkpointFile());
        probe.setOnSucceeded(e -> {
            if (!trainingActive.get()) {
                resumeOffer.set(probe.getValue().orElse(null));
            }
        });
        probe.setOnFailed(e -> LOG.warn("Checkpoint {} cannot be resumed: {}", probe.file(), probe.getException().getMessage()));
        context.ioExecutor().execute(probe);
    }

    /** Hides the offer to resume (the next run will overwrite the checkpoint). */
    public void dismissResumeOffer() {
        resumeOffer.set(null);
    }

    /**
     * Stops the run (keeping what it learned: it is evaluated and checkpointed as it ends) and completes, on the
     * FX thread, once it has ended; at once if no run is going. For the shell, before it closes the window.
     */
    public CompletableFuture<Void> stopAndWait() {
        CompletableFuture<Void> ended = new CompletableFuture<>();
        if (!trainingActive.get()) {
            ended.complete(null);
            return ended;
        }
        trainingActive.addListener(new ChangeListener<>() {
            @Override
            public void changed(ObservableValue<? extends Boolean> obs, Boolean old, Boolean now) {
                if (!now) {
                    trainingActive.removeListener(this);
                    ended.complete(null);
                }
            }
        });
        stop();
        return ended;
    }

    /** Stops any run and download; the view is going away. */
    public void dispose() {
        if (trainingActive.get()) {
            gate.stop();
        }
        cancelDownload();
    }

    // ---------------------------------------------------------------- properties

    public HyperparameterForm form() {
        return form;
    }

    /** What the current run has reported: history, progress, figures, evaluations. */
    RunFigures run() {
        return run;
    }

    public ReadOnlyObjectProperty<Phase> phaseProperty() {
        return phase.getReadOnlyProperty();
    }

    /** True from Train until the run has ended (running, paused, stopping): closing the window should ask. */
    public ReadOnlyBooleanProperty trainingActiveProperty() {
        return trainingActive.getReadOnlyProperty();
    }

    public BooleanBinding canTrainBinding() {
        return canTrain;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** The last thing that went wrong, in one sentence; null when nothing did. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** True when there is a model to use or save (at least one step trained). */
    public ReadOnlyBooleanProperty modelAvailableProperty() {
        return modelAvailable.getReadOnlyProperty();
    }

    /** The outcome of the last run that ended normally (finished or stopped). */
    public ReadOnlyObjectProperty<TrainingResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Path> lastSavedProperty() {
        return modelActions.lastSavedProperty();
    }

    public ReadOnlyObjectProperty<Path> dataFolderProperty() {
        return data.folderProperty();
    }

    public ReadOnlyObjectProperty<TrainData.DataState> dataStateProperty() {
        return data.stateProperty();
    }

    public ReadOnlyStringProperty dataMessageProperty() {
        return data.messageProperty();
    }

    public ReadOnlyDoubleProperty downloadProgressProperty() {
        return data.downloadProgressProperty();
    }

    public ReadOnlyObjectProperty<CheckpointProbe.ResumeOffer> resumeOfferProperty() {
        return resumeOffer.getReadOnlyProperty();
    }

    public TrainOptions options() {
        return options;
    }

    /** For the throughput benchmark: samples per second of the last run's training, evaluations excluded. */
    double lastRunSamplesPerSecond() {
        TrainingResult r = result.get();
        return r == null ? Double.NaN : r.samplesPerSecond();
    }
}
