package com.digitstudio.app.train;

import com.digitstudio.app.AppContext;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;

import java.nio.file.Path;

/**
 * Shows the Train tab alone in a window, for manual checks and screenshots (not a test). System properties:
 * {@code train.data} (default: the mini fixture), {@code train.checkpoint} (default: /tmp/digit-studio-dev/last.ckpt.dsm),
 * {@code train.<field>} for any hyperparameter field ({@code train.steps}, {@code train.batchSize},
 * {@code train.evalEvery}, ...: override the fast preset),
 * {@code train.autostart=true} (press Train at once), {@code train.exitWhenDone=true} (print the seconds from RUNNING
 * to FINISHED, the trainer's own seconds and median step, and CPU seconds by thread during the run and for the whole process, then
 * quit: for measuring the tab against the command line).
 */
public final class TrainViewDevLauncher extends Application {
    private AppContext context;

    @Override
    public void start(Stage stage) {
        context = new AppContext();
        Path data = Path.of(System.getProperty("train.data", "src/test/resources/mnist/mini"));
        Path checkpoint = Path.of(System.getProperty("train.checkpoint", "/tmp/digit-studio-dev/last.ckpt.dsm"));
        TrainOptions options = new TrainOptions(data, checkpoint, TrainOptions.defaults().mirrors());
        FileDialogs dialogs = FileDialogs.system();
        TrainView view = new TrainView(context, options, dialogs);
        HyperparameterForm form = view.viewModel().form();
        for (HyperparameterForm.Field field : form.fields()) {
            set(form, field.key(), System.getProperty("train." + field.key()));
        }
        stage.setTitle("Digit Studio · Train (dev)");
        stage.setScene(new Scene(view, 1400, 900));
        stage.show();
        if (Boolean.getBoolean("train.exitWhenDone")) {
            long[] runningSince = {0};
            java.util.Map<String, Double>[] cpuAtStart = new java.util.Map[]{java.util.Map.of()};
            view.viewModel().phaseProperty().addListener((obs, old, phase) -> {
                if (phase == TrainViewModel.Phase.RUNNING && runningSince[0] == 0) {
                    runningSince[0] = System.nanoTime();
                    cpuAtStart[0] = ThreadCpu.snapshot();
                }
            });
            view.viewModel().resultProperty().addListener((obs, old, result) -> {
                if (result != null && !result.stopped()) {
                    System.out.printf("tab: RUNNING to FINISHED in %.1f s; the trainer's own figures: %.1f s, %.1f samples/s,"
                                    + " median step %.2f ms%n", (System.nanoTime() - runningSince[0]) / 1e9, result.seconds(),
                            result.samplesPerSecond(), result.medianStepSeconds() * 1e3);
                    System.out.println("CPU while RUNNING:");
                    ThreadCpu.print(System.out, cpuAtStart[0]);
                    System.out.println("CPU of the whole process:");
                    ThreadCpu.print(System.out);
                    Platform.exit();
                }
            });
        }
        if (Boolean.getBoolean("train.autostart")) {
            view.viewModel().canTrainBinding().addListener((obs, old, ok) -> {
                if (ok && view.viewModel().phaseProperty().get() == TrainViewModel.Phase.IDLE) {
                    Platform.runLater(view.viewModel()::train);
                }
            });
        }
    }

    private static void set(HyperparameterForm form, String key, String value) {
        if (value != null) {
            ((HyperparameterForm.TextField) form.field(key)).textProperty().set(value);
        }
    }

    @Override
    public void stop() {
        context.close();
    }

    /** Started through this class, the JavaFX jars can stay on the class path. */
    public static final class Main {
        private Main() {
        }

        public static void main(String[] args) {
            Application.launch(TrainViewDevLauncher.class, args);
        }
    }
}
