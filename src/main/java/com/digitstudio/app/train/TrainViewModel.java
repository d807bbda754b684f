package com.digitstudio.app.train;

import com.digitstudio.app.AppContext;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluation;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.SavedModel;
import com.digitstudio.train.Preset;
import com.digitstudio.train.Trainer;
import com.digitstudio.train.TrainingConfig;
import com.digitstudio.train.TrainingControl;
import com.digitstudio.train.TrainingListener;
import com.digitstudio.train.TrainingLog;
import com.digitstudio.train.TrainingResult;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.concurrent.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * The Train tab's state and actions. A run is a {@link TrainingTask} on the app's training executor; its
 * progress arrives in a queue that the FX thread empties at most every 250 ms ({@link FxThrottle}), so however
 * fast the steps come, the FX thread handles at most ten batches a second, and nothing when nothing happens. Every value goes into the {@link TrainingHistory}; the
 * charts draw a decimated view of it. Lives on the FX thread; exposes read-only properties.
 */
public final class TrainViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(TrainViewModel.class);
    /** How often (at most) the FX thread takes the training thread's reports. */
    static final long PUMP_INTERVAL_MILLIS = 250;

    /** Where a run stands. */
    public enum Phase {
        IDLE, LOADING, RUNNING, PAUSING, PAUSED, STOPPING, FINISHED, STOPPED, FAILED;

        public boolean active() {
            return this == LOADING || this == RUNNING || this == PAUSING || this == PAUSED || this == STOPPING;
        }
    }

    /** Whether MNIST is where the tab looks for it. */

    /** The latest figures of a run, for the figures bar; {@code testAccuracy} is null before the first evaluation. */
    public record Figures(long step, long totalSteps, double epoch, double loss, double smoothedLoss,
                          double batchAccuracy, double smoothedAccuracy, Double testAccuracy, double learningRate,
                          double samplesPerSecond) {
    }

    /** An unfinished run found in the checkpoint file: {@code step} of {@code steps} done. */
    public record ResumeOffer(String preset, long step, long steps, Double testAccuracy) {
    }

    private final AppContext context;
    private final TrainOptions options;
    private final HyperparameterForm form = new HyperparameterForm(Preset.FAST);
    private final TrainingHistory history = new TrainingHistory();
    private final ConcurrentLinkedQueue<TrainingEvent> events = new ConcurrentLinkedQueue<>();
    private final AtomicReference<TrainingTask.LoadedData> dataCache = new AtomicReference<>();
    private final FxThrottle pump = new FxThrottle(PUMP_INTERVAL_MILLIS, this::drain);

    private final ReadOnlyObjectWrapper<Phase> phase = new ReadOnlyObjectWrapper<>(this, "phase", Phase.IDLE);
    private final ReadOnlyBooleanWrapper trainingActive = new ReadOnlyBooleanWrapper(this, "trainingActive");
    private final ReadOnlyIntegerWrapper historyVersion = new ReadOnlyIntegerWrapper(this, "historyVersion");
    private final ReadOnlyLongWrapper stepsDone = new ReadOnlyLongWrapper(this, "stepsDone");
    private final ReadOnlyLongWrapper totalSteps = new ReadOnlyLongWrapper(this, "totalSteps");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress");
    private final ReadOnlyStringWrapper progressText = new ReadOnlyStringWrapper(this, "progressText", "");
    private final ReadOnlyObjectWrapper<Figures> figures = new ReadOnlyObjectWrapper<>(this, "figures");
    private final ReadOnlyObjectWrapper<Evaluation> evaluation = new ReadOnlyObjectWrapper<>(this, "evaluation");
    private final ReadOnlyLongWrapper evaluationStep = new ReadOnlyLongWrapper(this, "evaluationStep");
    private final ReadOnlyObjectWrapper<TrainingLog.Evaluated> pastEvaluation = new ReadOnlyObjectWrapper<>(this, "pastEvaluation");
    private final ReadOnlyObjectWrapper<MnistSet> testSet = new ReadOnlyObjectWrapper<>(this, "testSet");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyBooleanWrapper modelAvailable = new ReadOnlyBooleanWrapper(this, "modelAvailable");
    private final ReadOnlyObjectWrapper<TrainingResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyObjectWrapper<Path> lastSaved = new ReadOnlyObjectWrapper<>(this, "lastSaved");
    private final ReadOnlyObjectWrapper<ResumeOffer> resumeOffer = new ReadOnlyObjectWrapper<>(this, "resumeOffer");
    private final BooleanBinding canTrain;
    private final TrainData data;

    private TrainingTask task;
    private TrainingControl control;
    private StepGate gate;
    private TrainingListener.Step lastStep;
    private int batchSize;

    public TrainViewModel(AppContext context, TrainOptions options) {
        this.context = context;
        this.options = options;
        trainingActive.bind(Bindings.createBooleanBinding(() -> phase.get().active(), phase));
        data = new TrainData(context.ioExecutor(), options, trainingActive.getReadOnlyProperty(),
                examples -> form.trainingExamplesProperty().set(examples));
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
        history.clear();
        historyVersion.set(historyVersion.get() + 1);
        lastStep = null;
        evaluation.set(null);
        pastEvaluation.set(null);
        result.set(null);
        error.set(null);
        modelAvailable.set(false);
        stepsDone.set(0);
        progress.set(-1);
        figures.set(null);
        phase.set(Phase.LOADING);
        TrainingTask run = new TrainingTask(data.folderProperty().get(), config, resume, options.checkpointFile(), control, gate,
                event -> {
                    events.add(event);
                    pump.request();
                }, dataCache);
        task = run;
        progressText.set(resume ? "Loading MNIST and the checkpoint…" : "Loading MNIST…");
        run.setOnSucceeded(e -> finished(run, run.getValue(), null));
        run.setOnFailed(e -> finished(run, null, run.getException()));
        run.setOnCancelled(e -> finished(run, null, null));
        context.trainingExecutor().execute(run);
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
            progressText.set("Stopping: finishing the step, evaluating on the test set, writing the checkpoint…");
        }
    }

    private void finished(TrainingTask run, TrainingResult value, Throwable failure) {
        if (run != task) {
            return;
        }
        pump.flush();
        Trainer trainer = run.trainer();
        modelAvailable.set(trainer != null && stepsDone.get() > 0);
        if (value != null) {
            phase.set(value.stopped() ? Phase.STOPPED : Phase.FINISHED);
            result.set(value);
            progress.set((double) value.steps() / value.config().steps());
            progressText.set(String.format("%s after %s of %s steps in %s (%s samples/s)",
                    value.stopped() ? "Stopped" : "Finished", TrainFormat.count(value.steps()),
                    TrainFormat.count(value.config().steps()), TrainFormat.duration(value.seconds()),
                    TrainFormat.count(Math.round(value.samplesPerSecond()))));
            if (value.stopped()) {
                probeCheckpoint();
            }
        } else {
            phase.set(Phase.FAILED);
            progress.set(0);
            String sentence = failure == null ? "The run was cancelled." : sentence(failure);
            error.set(sentence);
            progressText.set(sentence);
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
            if (cause instanceof InterruptedException || cause instanceof java.nio.channels.ClosedByInterruptException) {
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

    /** Takes everything the training thread reported since the last time; on the FX thread. */
    void drain() {
        boolean stepped = false;
        for (TrainingEvent event; (event = events.poll()) != null; ) {
            if (event instanceof TrainingEvent.Started started) {
                batchSize = started.config().batchSize();
                totalSteps.set(started.config().steps());
                stepsDone.set(started.firstStep());
                form.trainingExamplesProperty().set(started.train().size());
                form.load(started.config());
                testSet.set(started.test());
                if (phase.get() == Phase.LOADING) {
                    phase.set(Phase.RUNNING);
                }
                progress.set((double) started.firstStep() / started.config().steps());
                progressText.set(started.firstStep() == 0 ? "Training: waiting for the first step…"
                        : "Resumed at step " + TrainFormat.count(started.firstStep()) + "…");
                TrainingLog.Snapshot past = started.past();
                history.addPast(past);
                if (!past.evaluations().isEmpty()) {
                    pastEvaluation.set(past.evaluations().get(past.evaluations().size() - 1));
                }
                stepped |= past.size() > 0 || !past.evaluations().isEmpty();
            } else if (event instanceof TrainingEvent.Stepped s) {
                TrainingListener.Step step = s.step();
                history.addStep(step.step(), step.loss(), step.batchAccuracy());
                lastStep = step;
                stepped = true;
            } else if (event instanceof TrainingEvent.Evaluated ev) {
                recordEvaluation(ev);
                stepped = true;
            } else if (event instanceof TrainingEvent.Checkpointed c) {
                LOG.debug("checkpoint at step {}: {}", c.step(), c.file());
            } else if (event instanceof TrainingEvent.Parked p) {
                if (p.parked() && phase.get() == Phase.PAUSING) {
                    phase.set(Phase.PAUSED);
                }
            }
        }
        if (stepped) {
            historyChanged();
        }
    }

    /** The step is set before the evaluation: the view reads it when the evaluation changes. */
    private void recordEvaluation(TrainingEvent.Evaluated ev) {
        history.addEvaluation(ev.step(), ev.evaluation().accuracy(), ev.evaluation().loss());
        evaluationStep.set(ev.step());
        evaluation.set(ev.evaluation());
    }

    private void historyChanged() {
        historyVersion.set(historyVersion.get() + 1);
        updateFigures();
    }

    private void updateFigures() {
        TrainingListener.Step step = lastStep;
        if (step == null) {
            return;
        }
        stepsDone.set(step.step());
        modelAvailable.set(true);
        progress.set((double) step.step() / step.totalSteps());
        double secondsLeft = (step.totalSteps() - step.step()) * (double) batchSize / step.samplesPerSecond();
        if (phase.get() != Phase.STOPPING) {
            progressText.set(String.format("Step %s of %s · epoch %s · %s samples/s · %s left",
                    TrainFormat.count(step.step()), TrainFormat.count(step.totalSteps()),
                    TrainFormat.number(step.epoch(), 2), TrainFormat.count(Math.round(step.samplesPerSecond())),
                    TrainFormat.duration(secondsLeft)));
        }
        Evaluation ev = evaluation.get();
        TrainingLog.Evaluated past = pastEvaluation.get();
        Double testAccuracy = ev != null ? Double.valueOf(ev.accuracy()) : past != null ? Double.valueOf(past.accuracy()) : null;
        figures.set(new Figures(step.step(), step.totalSteps(), step.epoch(), step.loss(), history.smoothedLoss(),
                step.batchAccuracy(), history.smoothedAccuracy(), testAccuracy,
                step.learningRate(), step.samplesPerSecond()));
    }

    // ---------------------------------------------------------------- the trained model

    /**
     * Runs {@code work} on the training thread with the run's trainer: at the next step boundary while it runs
     * (or pauses), else right away on the (idle) training executor.
     */
    private <T> CompletableFuture<T> withTrainer(Function<Trainer, T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        TrainingTask run = task;
        if (run == null) {
            future.completeExceptionally(new IllegalStateException("No model has been trained yet."));
            return future;
        }
        java.util.function.Consumer<Trainer> job = trainer -> {
            try {
                if (trainer == null) {
                    throw new IllegalStateException("The run ended before it had a model.");
                }
                future.complete(work.apply(trainer));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        };
        if (!gate.submit(job)) {
            context.trainingExecutor().execute(() -> job.accept(run.trainer()));
        }
        return future;
    }

    private <T> void onFx(CompletableFuture<T> future, java.util.function.Consumer<T> then) {
        future.whenComplete((value, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                Throwable cause = failure instanceof java.util.concurrent.CompletionException ? failure.getCause() : failure;
                error.set(cause instanceof IllegalStateException ? cause.getMessage() : sentence(cause));
            } else {
                then.accept(value);
            }
        }));
    }

    /** Puts an independent copy of the model as it stands into the Draw tab. */
    public void useModel() {
        if (!modelAvailable.get()) {
            return;
        }
        onFx(withTrainer(trainer -> CnnNetwork.fromParameters(trainer.network().parameters(), trainer.describe())), network -> {
            context.setModel(network);
            inform("The Draw tab now uses " + network.info().name() + ".");
        });
    }

    /** Writes the model as it stands to {@code target} (atomically, on the I/O executor). */
    public void saveModel(Path target) {
        if (!modelAvailable.get()) {
            return;
        }
        onFx(withTrainer(Trainer::model), model -> {
            SaveModelTask save = new SaveModelTask(target, model);
            save.setOnSucceeded(e -> {
                lastSaved.set(save.getValue());
                inform("Saved " + model.info().name() + " to " + target + ".");
            });
            save.setOnFailed(e -> error.set("Could not save the model: " + sentence(save.getException())));
            context.ioExecutor().execute(save);
        });
    }

    /** Evaluates the model as it stands on the test set now (on the training thread, between two steps). */
    public void evaluateNow() {
        MnistSet test = testSet.get();
        if (!modelAvailable.get() || test == null) {
            return;
        }
        inform("Evaluating on the test set…");
        onFx(withTrainer(trainer -> new TrainingEvent.Evaluated(trainer.step(), Evaluator.evaluate(trainer.network(), test))),
                ev -> {
                    recordEvaluation(ev);
                    historyChanged();
                    inform("Test accuracy at step " + TrainFormat.count(ev.step()) + ": "
                            + TrainFormat.percent(ev.evaluation().accuracy()) + ".");
                });
    }

    /** A name for the model file: the preset and the steps, e.g. {@code fast-1200.dsm}. */
    public String suggestedFileName() {
        return form.config().preset() + "-" + stepsDone.get() + ModelFiles.EXTENSION;
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
        Path file = options.checkpointFile();
        Task<Optional<ResumeOffer>> probe = new Task<>() {
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
        };
        probe.setOnSucceeded(e -> {
            if (!trainingActive.get()) {
                resumeOffer.set(probe.getValue().orElse(null));
            }
        });
        probe.setOnFailed(e -> LOG.warn("Checkpoint {} cannot be resumed: {}", file, probe.getException().getMessage()));
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
        trainingActive.addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> obs, Boolean old, Boolean now) {
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

    /** Every value of the current run; read it on the FX thread when {@link #historyVersionProperty()} changes. */
    public TrainingHistory history() {
        return history;
    }

    public ReadOnlyIntegerProperty historyVersionProperty() {
        return historyVersion.getReadOnlyProperty();
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

    public ReadOnlyLongProperty stepsDoneProperty() {
        return stepsDone.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty totalStepsProperty() {
        return totalSteps.getReadOnlyProperty();
    }

    /** Fraction of the run done, or -1 while loading. */
    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** "Step 340 of 1,200 · epoch 0.57 · 512 samples/s · 1 min 40 s left". */
    public ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Figures> figuresProperty() {
        return figures.getReadOnlyProperty();
    }

    /** The latest test-set evaluation (at an interval, at the end, or on demand). */
    public ReadOnlyObjectProperty<Evaluation> evaluationProperty() {
        return evaluation.getReadOnlyProperty();
    }

    /**
     * The last evaluation a resumed run made before its checkpoint (null for a new run): only its figures survive in
     * the checkpoint, not its confusion matrix. Shown until the run evaluates again.
     */
    public ReadOnlyObjectProperty<TrainingLog.Evaluated> pastEvaluationProperty() {
        return pastEvaluation.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty evaluationStepProperty() {
        return evaluationStep.getReadOnlyProperty();
    }

    /** The test set the evaluations index into (for the gallery of misclassified digits). */
    public ReadOnlyObjectProperty<MnistSet> testSetProperty() {
        return testSet.getReadOnlyProperty();
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
        return lastSaved.getReadOnlyProperty();
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

    public ReadOnlyObjectProperty<ResumeOffer> resumeOfferProperty() {
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
