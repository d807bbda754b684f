package com.digitstudio.app.train;

import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluation;
import com.digitstudio.train.TrainingListener;
import com.digitstudio.train.TrainingLog;
import com.digitstudio.train.TrainingResult;
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

/**
 * What the current run has reported, as the tab shows it: every step in the {@link TrainingHistory}, the progress
 * line, the figures bar, the latest test-set evaluation. Fed on the FX thread from the training thread's events
 * ({@link #take}); the run's lifecycle (starting, stopping, ending) is the view model's, which writes the progress
 * line for it ({@link #say}).
 */
final class RunFigures {
    /** The latest figures of a run, for the figures bar; {@code testAccuracy} is null before the first evaluation. */
    record Figures(long step, long totalSteps, double epoch, double loss, double smoothedLoss,
                   double batchAccuracy, double smoothedAccuracy, Double testAccuracy, double learningRate,
                   double samplesPerSecond) {
    }

    private final TrainingHistory history = new TrainingHistory();
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
    private TrainingListener.Step lastStep;
    private int batchSize;

    /** Forgets the last run: a new one is loading. */
    void clear(String loadingText) {
        history.clear();
        historyVersion.set(historyVersion.get() + 1);
        lastStep = null;
        evaluation.set(null);
        pastEvaluation.set(null);
        stepsDone.set(0);
        progress.set(-1);
        figures.set(null);
        progressText.set(loadingText);
    }

    /** The progress line, for what the lifecycle says (loading, stopping, finished, failed). */
    void say(String text) {
        progressText.set(text);
    }

    /**
     * Takes one event of the run; returns true when it changed what the charts and figures show (then call
     * {@link #changed} once for the batch).
     */
    boolean take(TrainingEvent event) {
        if (event instanceof TrainingEvent.Started started) {
            batchSize = started.config().batchSize();
            totalSteps.set(started.config().steps());
            stepsDone.set(started.firstStep());
            testSet.set(started.test());
            progress.set((double) started.firstStep() / started.config().steps());
            progressText.set(started.firstStep() == 0 ? "Training: waiting for the first step…"
                    : "Resumed at step " + TrainFormat.count(started.firstStep()) + "…");
            TrainingLog.Snapshot past = started.past();
            history.addPast(past);
            if (!past.evaluations().isEmpty()) {
                pastEvaluation.set(past.evaluations().get(past.evaluations().size() - 1));
            }
            return past.size() > 0 || !past.evaluations().isEmpty();
        } else if (event instanceof TrainingEvent.Stepped s) {
            TrainingListener.Step step = s.step();
            history.addStep(step.step(), step.loss(), step.batchAccuracy());
            lastStep = step;
            return true;
        } else if (event instanceof TrainingEvent.Evaluated ev) {
            recordEvaluation(ev);
            return true;
        }
        return false;
    }

    /** The step is set before the evaluation: the view reads it when the evaluation changes. */
    void recordEvaluation(TrainingEvent.Evaluated ev) {
        history.addEvaluation(ev.step(), ev.evaluation().accuracy(), ev.evaluation().loss());
        evaluationStep.set(ev.step());
        evaluation.set(ev.evaluation());
    }

    /**
     * After a batch of events: the charts redraw and the figures bar shows the last step. {@code stepLine}: the
     * progress line shows the step too (not while the lifecycle has something to say, e.g. "Stopping…").
     */
    void changed(boolean stepLine) {
        historyVersion.set(historyVersion.get() + 1);
        TrainingListener.Step step = lastStep;
        if (step == null) {
            return;
        }
        stepsDone.set(step.step());
        progress.set((double) step.step() / step.totalSteps());
        double secondsLeft = (step.totalSteps() - step.step()) * (double) batchSize / step.samplesPerSecond();
        if (stepLine) {
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

    /** True once the run has reported a step (there is a model to use). */
    boolean stepped() {
        return lastStep != null;
    }

    /** The run ended normally: the bar is full (or where it stopped), and the line says how it went. */
    void ended(TrainingResult value) {
        progress.set((double) value.steps() / value.config().steps());
        progressText.set(String.format("%s after %s of %s steps in %s (%s samples/s)",
                value.stopped() ? "Stopped" : "Finished", TrainFormat.count(value.steps()),
                TrainFormat.count(value.config().steps()), TrainFormat.duration(value.seconds()),
                TrainFormat.count(Math.round(value.samplesPerSecond()))));
    }

    /** The run failed or was cancelled. */
    void failed(String sentence) {
        progress.set(0);
        progressText.set(sentence);
    }

    TrainingHistory history() {
        return history;
    }

    ReadOnlyIntegerProperty historyVersionProperty() {
        return historyVersion.getReadOnlyProperty();
    }

    ReadOnlyLongProperty stepsDoneProperty() {
        return stepsDone.getReadOnlyProperty();
    }

    ReadOnlyLongProperty totalStepsProperty() {
        return totalSteps.getReadOnlyProperty();
    }

    ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    ReadOnlyStringProperty progressTextProperty() {
        return progressText.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<Figures> figuresProperty() {
        return figures.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<Evaluation> evaluationProperty() {
        return evaluation.getReadOnlyProperty();
    }

    ReadOnlyLongProperty evaluationStepProperty() {
        return evaluationStep.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<TrainingLog.Evaluated> pastEvaluationProperty() {
        return pastEvaluation.getReadOnlyProperty();
    }

    ReadOnlyObjectProperty<MnistSet> testSetProperty() {
        return testSet.getReadOnlyProperty();
    }
}
