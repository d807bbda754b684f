package com.digitstudio.app.train;

import com.digitstudio.app.AppContext;
import com.digitstudio.app.WriteModelTask;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.SavedModel;
import com.digitstudio.train.Trainer;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;

import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What can be done with the model a run has trained so far: put a copy into the Draw tab, save it, evaluate it
 * now. The weights are read on the training thread, between two steps (through the run's {@link StepGate}), or on
 * the idle training executor once the run has ended; the results come back on the FX thread.
 */
final class TrainedModelActions {
    /** Where the actions report, on the FX thread. */
    interface Feedback {
        void inform(String sentence);

        void error(String sentence);

        void evaluated(TrainingEvent.Evaluated evaluation);
    }

    /** The current run and its gate (null before the first run). */
    record Run(TrainingTask task, StepGate gate) {
    }

    private final AppContext context;
    private final Supplier<Run> run;
    private final Feedback feedback;
    private final ReadOnlyObjectWrapper<Path> lastSaved = new ReadOnlyObjectWrapper<>(this, "lastSaved");

    TrainedModelActions(AppContext context, Supplier<Run> run, Feedback feedback) {
        this.context = context;
        this.run = run;
        this.feedback = feedback;
    }

    /** Puts an independent copy of the model as it stands into the Draw tab. */
    void useModel() {
        onFx(withTrainer(trainer -> CnnNetwork.fromParameters(trainer.network().parameters(), trainer.describe())), network -> {
            context.setModel(network);
            feedback.inform("The Draw tab now uses " + network.info().name() + ".");
        });
    }

    /** Writes the model as it stands to {@code target} (atomically, on the I/O executor). */
    void saveModel(Path target) {
        onFx(withTrainer(Trainer::model), model -> {
            WriteModelTask<SavedModel> save = new WriteModelTask<>(model, target, (m, to) -> ModelFiles.save(to, m));
            save.setOnSucceeded(e -> {
                lastSaved.set(save.getValue());
                feedback.inform("Saved " + model.info().name() + " to " + target + ".");
            });
            save.setOnFailed(e -> feedback.error("Could not save the model: " + TrainViewModel.sentence(save.getException())));
            context.ioExecutor().execute(save);
        });
    }

    /** Evaluates the model as it stands on {@code test} now. */
    void evaluateNow(MnistSet test) {
        Run asked = run.get();
        feedback.inform("Evaluating on the test set…");
        onFx(withTrainer(trainer -> new TrainingEvent.Evaluated(trainer.step(), Evaluator.evaluate(trainer.network(), test))),
                ev -> {
                    Run now = run.get();
                    if (asked == null || now == null || now.task() != asked.task()) {
                        return; // a new run has started meanwhile: this figure is not part of its history
                    }
                    feedback.evaluated(ev);
                    feedback.inform("Test accuracy at step " + TrainFormat.count(ev.step()) + ": "
                            + TrainFormat.percent(ev.evaluation().accuracy()) + ".");
                });
    }

    ReadOnlyObjectProperty<Path> lastSavedProperty() {
        return lastSaved.getReadOnlyProperty();
    }

    /**
     * Runs {@code work} on the training thread with the run's trainer: at the next step boundary while it runs
     * (or pauses), else right away on the (idle) training executor.
     */
    private <T> CompletableFuture<T> withTrainer(Function<Trainer, T> work) {
        CompletableFuture<T> future = new CompletableFuture<>();
        Run current = run.get();
        if (current == null) {
            future.completeExceptionally(new IllegalStateException("No model has been trained yet."));
            return future;
        }
        Consumer<Trainer> job = trainer -> {
            try {
                if (trainer == null) {
                    throw new IllegalStateException("The run ended before it had a model.");
                }
                future.complete(work.apply(trainer));
            } catch (RuntimeException e) {
                future.completeExceptionally(e);
            }
        };
        if (!current.gate().submit(job)) {
            context.trainingExecutor().execute(() -> job.accept(current.task().trainer()));
        }
        return future;
    }

    private <T> void onFx(CompletableFuture<T> future, Consumer<T> then) {
        future.whenComplete((value, failure) -> Platform.runLater(() -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                feedback.error(cause instanceof IllegalStateException ? cause.getMessage() : TrainViewModel.sentence(cause));
            } else {
                then.accept(value);
            }
        }));
    }
}
