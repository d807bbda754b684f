package com.digitstudio.app.train;

import com.digitstudio.app.AppContext;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.testfx.api.FxRobot;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Mounts a {@link TrainView} in a test stage, with fixed answers for its file dialogs and small helpers. */
final class TrainViewHarness implements AutoCloseable {
    static final Path MINI = Path.of("src/test/resources/mnist/mini");

    final AppContext context = new AppContext();
    final FakeDialogs dialogs = new FakeDialogs();
    final FxRobot robot;
    final TrainView view;
    final TrainViewModel vm;

    /** File dialogs that answer what the test put in. */
    static final class FakeDialogs implements FileDialogs {
        volatile Path modelFile;
        volatile Path dataFolder;

        @Override
        public Optional<Path> chooseModelFile(Window owner, String suggestedName) {
            return Optional.ofNullable(modelFile);
        }

        @Override
        public Optional<Path> chooseDataFolder(Window owner, Path current) {
            return Optional.ofNullable(dataFolder);
        }
    }

    TrainViewHarness(FxRobot robot, Stage stage, TrainOptions options) {
        this.robot = robot;
        this.view = fx(() -> {
            TrainView v = new TrainView(context, options, dialogs);
            stage.setScene(new Scene(v, 1280, 800));
            stage.show();
            return v;
        });
        this.vm = view.viewModel();
    }

    static TrainOptions miniOptions(Path temp) {
        return new TrainOptions(MINI, temp.resolve("checkpoints").resolve("last.ckpt.dsm"), TrainOptions.defaults().mirrors());
    }

    /** Runs {@code work} on the FX thread and returns its value. */
    static <T> T fx(Callable<T> work) {
        try {
            return WaitForAsyncUtils.asyncFx(work).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("FX work failed", e);
        }
    }

    static void fxRun(Runnable work) {
        fx(() -> {
            work.run();
            return null;
        });
    }

    /** Waits until {@code condition}, read on the FX thread, holds. */
    static void waitUntil(int seconds, Callable<Boolean> condition) throws TimeoutException {
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> fx(condition));
    }

    /** Sets a hyperparameter field's text as if typed. */
    void set(String key, String text) {
        fxRun(() -> ((TextField) robot.lookup("#field-" + key).query()).setText(text));
    }

    /** A short run on the mini set: {@code steps} steps of {@code batch}, evaluating every {@code evalEvery}. */
    void configure(long steps, int batch, long evalEvery) throws TimeoutException {
        waitUntil(30, () -> vm.dataStateProperty().get() == TrainData.DataState.READY);
        set("steps", Long.toString(steps));
        set("batchSize", Integer.toString(batch));
        set("evalEvery", Long.toString(evalEvery));
        set("checkpointEvery", "0");
        fxRun(() -> {
            if (!vm.form().validProperty().get()) {
                throw new AssertionError(vm.form().errorProperty().get());
            }
        });
    }

    void click(String query) {
        robot.clickOn(query);
    }

    <T extends Node> T node(String query) {
        return robot.lookup(query).query();
    }

    int points(String chartId, int series) {
        return fx(() -> {
            StepChart chart = robot.lookup(chartId).query();
            return chart.pointCount(series);
        });
    }

    TrainViewModel.Phase phase() {
        return fx(() -> vm.phaseProperty().get());
    }

    long steps() {
        return fx(() -> vm.run().stepsDoneProperty().get());
    }

    /** Waits for the run to end, listening rather than polling (polling would load the FX thread). */
    void awaitEnd(int seconds) throws TimeoutException {
        BooleanBinding ended = fx(() -> Bindings.createBooleanBinding(
                () -> !vm.phaseProperty().get().active() && vm.phaseProperty().get() != TrainViewModel.Phase.IDLE,
                vm.phaseProperty()));
        WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, ended);
    }

    /** Stops a run that is still going (a failed test) and waits for it to end, then closes the context. */
    @Override
    public void close() {
        fxRun(vm::dispose);
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !fx(() -> vm.trainingActiveProperty().get()));
        } catch (TimeoutException e) {
            throw new AssertionError("the run did not stop", e);
        } finally {
            context.close();
        }
    }
}
