package com.digitstudio.app.train;

import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.SavedModel;
import com.digitstudio.train.Preset;
import com.digitstudio.train.Trainer;
import com.digitstudio.train.TrainingConfig;
import com.digitstudio.train.TrainingControl;
import com.digitstudio.train.TrainingListener;
import com.digitstudio.train.TrainingLog;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static com.digitstudio.app.train.TrainViewHarness.fx;
import static com.digitstudio.app.train.TrainViewHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** Drives the Train tab through short runs on the 2,000/500-image mini set. */
@ExtendWith(ApplicationExtension.class)
class TrainViewTest {
    @TempDir
    Path temp;
    private Stage stage;
    private TrainViewHarness harness;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    private TrainViewHarness mount(FxRobot robot, TrainOptions options) {
        harness = new TrainViewHarness(robot, stage, options);
        return harness;
    }

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aShortRunFillsTheChartsAndShowsAccuracyConfusionMatrixAndMistakes(FxRobot robot) throws Exception {
        TrainViewHarness h = mount(robot, TrainViewHarness.miniOptions(temp));
        h.configure(30, 20, 10);

        h.click("#train");
        // the charts receive points while the run goes on, not only at its end
        waitUntil(120, () -> h.points("#loss-chart", 0) > 0 && h.vm.trainingActiveProperty().get());
        h.awaitEnd(180);

        assertThat(h.phase()).isEqualTo(TrainViewModel.Phase.FINISHED);
        waitUntil(10, () -> h.points("#loss-chart", 0) == 30);
        assertThat(h.points("#loss-chart", 1)).isEqualTo(30);
        assertThat(h.points("#accuracy-chart", 0)).isEqualTo(30);
        assertThat(h.points("#accuracy-chart", 2)).as("test accuracy at steps 10, 20, 30").isEqualTo(3);
        String accuracy = fx(() -> ((Label) h.node("#test-accuracy")).getText());
        assertThat(accuracy).matches("\\d+\\.\\d\\d%");
        ConfusionMatrixView matrix = h.node("#confusion-matrix");
        int total = fx(() -> {
            int sum = 0;
            for (int a = 0; a < 10; a++) {
                for (int p = 0; p < 10; p++) {
                    sum += matrix.count(a, p);
                }
            }
            return sum;
        });
        assertThat(total).as("every test image counted once").isEqualTo(500);
        int misses = fx(() -> h.vm.run().evaluationProperty().get().misclassified().size());
        MisclassifiedGallery gallery = h.node("#misclassified");
        assertThat(fx(() -> gallery.tileCount())).isEqualTo(Math.min(misses, MisclassifiedGallery.MAX_TILES));
        assertThat(fx(() -> ((Label) h.node("#figure-loss")).getText())).matches("\\d+\\.\\d{4}");
        assertThat(fx(() -> h.vm.run().progressTextProperty().get())).startsWith("Finished after 30 of 30 steps");
        assertThat(temp.resolve("checkpoints/last.ckpt.dsm")).isRegularFile();
    }

    @Test
    void pauseHoldsTheRunBetweenStepsResumeContinuesAndStopKeepsWhatWasLearned(FxRobot robot) throws Exception {
        TrainViewHarness h = mount(robot, TrainViewHarness.miniOptions(temp));
        h.configure(400, 10, 0);
        MnistSet test = MnistData.load(TrainViewHarness.MINI, MnistData.Split.TEST);

        h.click("#train");
        waitUntil(120, () -> h.vm.run().stepsDoneProperty().get() >= 3);
        h.click("#pause");
        waitUntil(30, () -> h.vm.phaseProperty().get() == TrainViewModel.Phase.PAUSED);
        long pausedAt = h.steps();
        assertThat(fx(() -> ((Button) h.node("#pause")).getText())).isEqualTo("Resume");

        // while paused, "Use this model" copies the weights at the step where the run waits
        h.click("#use-model");
        waitUntil(30, () -> h.context.getModel() != null);
        DigitClassifier used = h.context.getModel();
        assertThat(used.info().steps()).isEqualTo(pausedAt);
        assertThat(h.steps()).as("no step while paused").isEqualTo(pausedAt);
        float[] before = h.context.inferenceExecutor().submit(() -> used.predict(test.pixels(0))).get(30, TimeUnit.SECONDS);

        // and "Evaluate now" scores the paused model on the test set
        h.click("#evaluate");
        waitUntil(60, () -> h.vm.run().evaluationProperty().get() != null);
        assertThat(fx(() -> h.vm.run().evaluationStepProperty().get())).isEqualTo(pausedAt);
        assertThat(fx(() -> h.vm.run().evaluationProperty().get().examples())).isEqualTo(500);
        assertThat(fx(() -> h.vm.trainingActiveProperty().get())).as("a paused run is active: closing asks").isTrue();
        assertThat(h.steps()).isEqualTo(pausedAt);

        h.click("#pause");
        waitUntil(120, () -> h.vm.run().stepsDoneProperty().get() >= pausedAt + 3);
        h.click("#stop");
        h.awaitEnd(120);

        assertThat(h.phase()).isEqualTo(TrainViewModel.Phase.STOPPED);
        assertThat(fx(() -> h.vm.trainingActiveProperty().get())).isFalse();
        long stoppedAt = h.steps();
        assertThat(stoppedAt).isGreaterThan(pausedAt + 2).isLessThan(400);
        assertThat(fx(() -> h.vm.resultProperty().get().stopped())).isTrue();
        assertThat(fx(() -> h.vm.run().evaluationProperty().get())).as("a stopped run is evaluated").isNotNull();
        assertThat(fx(() -> ((Button) h.node("#use-model")).isDisabled())).isFalse();
        float[] after = h.context.inferenceExecutor().submit(() -> used.predict(test.pixels(0))).get(30, TimeUnit.SECONDS);
        assertThat(after).as("the model in use is a copy that later training does not change").containsExactly(before);
        waitUntil(30, () -> h.vm.resumeOfferProperty().get() != null);
        assertThat(fx(() -> h.vm.resumeOfferProperty().get().step())).isEqualTo(stoppedAt);
    }

    @Test
    void stopTrainingForTheShellEndsTheRunAndCompletesAfterItsCheckpoint(FxRobot robot) throws Exception {
        TrainViewHarness h = mount(robot, TrainViewHarness.miniOptions(temp));
        h.configure(400, 10, 0);
        h.click("#train");
        waitUntil(120, () -> h.vm.run().stepsDoneProperty().get() >= 2);

        java.util.concurrent.CompletableFuture<Void> ended = fx(() -> h.view.stopTraining());
        ended.get(120, TimeUnit.SECONDS);

        assertThat(h.phase()).isEqualTo(TrainViewModel.Phase.STOPPED);
        SavedModel checkpoint = ModelFiles.read(temp.resolve("checkpoints/last.ckpt.dsm"));
        assertThat(checkpoint.isCheckpoint()).isTrue();
        assertThat(checkpoint.info().steps()).isEqualTo(h.steps());
        assertThat(fx(() -> h.view.stopTraining()).isDone()).as("nothing to stop").isTrue();
    }

    @Test
    void useThisModelPutsTheTrainedModelIntoTheDrawTab(FxRobot robot) throws Exception {
        TrainViewHarness h = mount(robot, TrainViewHarness.miniOptions(temp));
        h.configure(6, 10, 0);
        assertThat(fx(() -> ((Button) h.node("#use-model")).isDisabled())).as("nothing to use before training").isTrue();
        h.click("#train");
        h.awaitEnd(180);

        h.click("#use-model");
        waitUntil(30, () -> h.context.getModel() != null);
        DigitClassifier model = h.context.getModel();
        assertThat(model.info().steps()).isEqualTo(6);
        assertThat(model.info().name()).isEqualTo("fast-6");
        MnistSet test = MnistData.load(TrainViewHarness.MINI, MnistData.Split.TEST);
        float[] p = h.context.inferenceExecutor().submit(() -> model.predict(test.pixels(0))).get(30, TimeUnit.SECONDS);
        assertThat(p).hasSize(10);
        assertThat(fx(() -> h.vm.messageProperty().get())).contains("The Draw tab now uses fast-6");
    }

    /** The tab after a finished run of {@code steps} steps of 10 images on the mini set, without evaluations. */
    private TrainViewHarness trained(FxRobot robot, long steps) throws Exception {
        TrainViewHarness h = mount(robot, TrainViewHarness.miniOptions(temp));
        h.configure(steps, 10, 0);
        h.click("#train");
        h.awaitEnd(180);
        return h;
    }

    @Test
    void saveModelWritesAReadableModelWhereTheUserChose(FxRobot robot) throws Exception {
        TrainViewHarness h = trained(robot, 5);

        Path file = temp.resolve("saved").resolve("my-model.dsm");
        Files.createDirectories(file.getParent());
        h.dialogs.modelFile = file;
        h.click("#save-model");
        waitUntil(60, () -> file.equals(h.vm.lastSavedProperty().get()));

        SavedModel saved = ModelFiles.read(file);
        assertThat(saved.info().steps()).isEqualTo(5);
        assertThat(saved.isCheckpoint()).as("a finished model, not a checkpoint").isFalse();
        assertThat(ModelFiles.load(file).predict(new float[784])).hasSize(10);
        assertThat(fx(() -> ((Label) h.node("#status")).getText())).startsWith("Saved fast-5 to");
    }

    @Test
    void savingWhereNoFileCanBeWrittenSaysWhyInOneSentence(FxRobot robot) throws Exception {
        TrainViewHarness h = trained(robot, 3);

        Path notAFolder = Files.writeString(temp.resolve("plain-file"), "x");
        h.dialogs.modelFile = notAFolder.resolve("model.dsm");
        h.click("#save-model");
        waitUntil(60, () -> h.vm.errorProperty().get() != null);

        String status = fx(() -> ((Label) h.node("#status")).getText());
        assertThat(status).startsWith("Could not save the model").doesNotContain("Exception").doesNotContain("\n");
        assertThat(fx(() -> ((Button) h.node("#save-model")).isDisabled())).as("the model is still there").isFalse();
    }

    @Test
    void aBatchSizeOfZeroIsRefusedAtTheFieldAndTrainIsDisabled(FxRobot robot) throws Exception {
        TrainViewHarness h = mount(robot, TrainViewHarness.miniOptions(temp));
        waitUntil(30, () -> !((Button) h.node("#train")).isDisabled());
        TextField batch = h.node("#field-batchSize");

        robot.clickOn(batch).press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("0");

        assertThat(fx(() -> batch.getText())).isEqualTo("0");
        assertThat(fx(() -> ((Label) h.node("#config-error")).getText()))
                .isEqualTo("Batch size must be between 1 and 4096 (got 0).");
        assertThat(fx(() -> h.node("#config-error").isVisible())).isTrue();
        assertThat(fx(() -> batch.getPseudoClassStates().stream().anyMatch(p -> p.getPseudoClassName().equals("invalid")))).isTrue();
        assertThat(fx(() -> ((Button) h.node("#train")).isDisabled())).isTrue();
        assertThat(fx(() -> h.vm.form().config().batchSize())).as("the refused value never reaches the settings").isEqualTo(100);

        robot.write("x");
        assertThat(fx(() -> ((Label) h.node("#config-error")).getText())).isEqualTo("Batch size must be a whole number (got '0x').");

        robot.clickOn(batch).press(KeyCode.CONTROL, KeyCode.A).release(KeyCode.A, KeyCode.CONTROL).write("32");
        assertThat(fx(() -> h.node("#config-error").isVisible())).isFalse();
        assertThat(fx(() -> ((Button) h.node("#train")).isDisabled())).isFalse();
        assertThat(fx(() -> h.vm.form().config().batchSize())).isEqualTo(32);
    }

    @Test
    void choosingAPresetFillsEveryField(FxRobot robot) throws Exception {
        TrainViewHarness h = mount(robot, TrainViewHarness.miniOptions(temp));
        ComboBox<Preset> preset = h.node("#preset");
        TrainViewHarness.fxRun(() -> preset.setValue(Preset.TUTORIAL));

        assertThat(fx(() -> ((TextField) h.node("#field-steps")).getText())).isEqualTo("20000");
        assertThat(fx(() -> ((TextField) h.node("#field-learningRate")).getText())).isEqualTo("0.001");
        assertThat(fx(() -> ((TextField) h.node("#field-batchSize")).getText())).isEqualTo("100");
        assertThat(fx(() -> h.vm.form().config())).isEqualTo(Preset.TUTORIAL.config());
        assertThat(fx(() -> ((Label) h.node("#preset-description")).getText())).contains("TensorFlow tutorial");

        waitUntil(30, () -> h.vm.dataStateProperty().get() == TrainData.DataState.READY);
        h.set("epochs", "2");
        assertThat(fx(() -> ((TextField) h.node("#field-steps")).getText())).as("2 epochs of the mini set's 2,000 at batch 100").isEqualTo("40");
    }

    @Test
    void anUnfinishedCheckpointIsOfferedAndResumeContinuesFromItsStep(FxRobot robot) throws Exception {
        TrainOptions options = TrainViewHarness.miniOptions(temp);
        MnistSet train = MnistData.load(TrainViewHarness.MINI, MnistData.Split.TRAIN);
        MnistSet test = MnistData.load(TrainViewHarness.MINI, MnistData.Split.TEST);
        TrainingConfig config = Preset.FAST.config().withSteps(12).withBatchSize(10).withEvalEvery(0).withCheckpointEvery(0);
        TrainingControl control = new TrainingControl();
        Files.createDirectories(options.checkpointFile().getParent());
        Trainer before = Trainer.start(config, train, test).checkpointTo(options.checkpointFile());
        before.run(new TrainingListener() {
            @Override
            public void onStep(Step step) {
                if (step.step() == 4) {
                    control.stop();
                }
            }
        }, control);

        TrainViewHarness h = mount(robot, options);
        waitUntil(60, () -> h.node("#resume-banner").isVisible());
        assertThat(fx(() -> ((Label) h.node("#resume-text")).getText())).contains("step 4 of 12");
        waitUntil(30, () -> !((Button) h.node("#resume-checkpoint")).isDisabled());
        h.click("#resume-checkpoint");
        h.awaitEnd(180);

        assertThat(h.phase()).isEqualTo(TrainViewModel.Phase.FINISHED);
        assertThat(fx(() -> h.vm.resultProperty().get().steps())).isEqualTo(12);
        assertThat(fx(() -> h.vm.run().history().size())).as("steps 1-4 from the checkpoint, then 5-12").isEqualTo(12);
        TrainingLog.Snapshot past = before.log();
        for (int i = 0; i < 4; i++) {
            int index = i;
            assertThat(fx(() -> h.vm.run().history().step(index))).isEqualTo(index + 1);
            assertThat(fx(() -> h.vm.run().history().loss(index))).as("the checkpoint's loss at step %d", i + 1)
                    .isEqualTo((double) past.loss()[i]);
        }
        assertThat(fx(() -> h.vm.run().history().step(4))).as("the run went on from step 5").isEqualTo(5);
        assertThat(fx(() -> h.vm.run().pastEvaluationProperty().get())).as("the stopped run's evaluation, kept in the checkpoint")
                .isEqualTo(past.evaluations().get(past.evaluations().size() - 1));
        assertThat(fx(() -> h.vm.run().pastEvaluationProperty().get().step())).isEqualTo(4);
        assertThat(fx(() -> h.vm.run().history().evaluations())).hasSize(2);
        assertThat(fx(() -> ((Label) h.node("#test-detail")).getText())).as("the run's own final evaluation wins")
                .startsWith("after 12 steps ·");
        assertThat(fx(() -> ((TextField) h.node("#field-steps")).getText())).isEqualTo("12");
        assertThat(fx(() -> h.node("#resume-banner").isVisible())).isFalse();
    }

    @Test
    void withoutMnistTheTabSaysSoAndOffersADownloadOrAnotherFolder(FxRobot robot) throws Exception {
        Path empty = Files.createDirectories(temp.resolve("no-mnist"));
        TrainViewHarness h = mount(robot, TrainViewHarness.miniOptions(temp).withDataFolder(empty));
        waitUntil(30, () -> h.vm.dataStateProperty().get() == TrainData.DataState.MISSING);

        assertThat(fx(() -> ((Label) h.node("#data-message")).getText()))
                .isEqualTo("MNIST is not in " + empty + ". Download it (11.6 MB) or choose a folder that holds it.");
        assertThat(fx(() -> ((Button) h.node("#download")).getText())).isEqualTo("Download (11.6 MB)");
        assertThat(fx(() -> h.node("#download").isVisible())).isTrue();
        assertThat(fx(() -> ((Button) h.node("#train")).isDisabled())).isTrue();

        // in a short window the sentence keeps every word (the settings scroll instead) and Train stays in view
        robot.interact(() -> h.view.getScene().getWindow().setHeight(560));
        WaitForAsyncUtils.waitForFxEvents();
        Label message = (Label) h.node("#data-message");
        assertThat(fx(message::getHeight)).isGreaterThanOrEqualTo(fx(() -> message.prefHeight(message.getWidth())) - 0.5);
        assertThat(fx(() -> h.node("#train").localToScene(h.node("#train").getBoundsInLocal()).getMaxY()))
                .isLessThanOrEqualTo(fx(() -> h.view.getScene().getHeight()));
        robot.interact(() -> h.view.getScene().getWindow().setHeight(800));
        WaitForAsyncUtils.waitForFxEvents();

        Path other = Files.createDirectories(temp.resolve("other"));
        h.dialogs.dataFolder = other;
        h.click("#choose-folder");
        waitUntil(30, () -> h.vm.dataMessageProperty().get().contains("does not hold MNIST"));
        assertThat(fx(() -> h.vm.dataMessageProperty().get()))
                .isEqualTo(other + " does not hold MNIST: train-images-idx3-ubyte.gz is missing. Download it or choose another folder.");

        h.dialogs.dataFolder = TrainViewHarness.MINI;
        h.click("#choose-folder");
        waitUntil(30, () -> h.vm.dataStateProperty().get() == TrainData.DataState.READY);
        assertThat(fx(() -> h.vm.dataFolderProperty().get())).isEqualTo(TrainViewHarness.MINI);
        assertThat(fx(() -> ((Button) h.node("#train")).isDisabled())).isFalse();
        assertThat(fx(() -> h.node("#download").isVisible())).isFalse();
    }
}
