package com.digitstudio.app.train;

import com.digitstudio.app.AppContext;
import com.digitstudio.eval.Evaluation;
import com.digitstudio.train.Preset;
import com.digitstudio.train.TrainingLog;
import com.digitstudio.train.TrainingResult;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Separator;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Duration;
import org.controlsfx.control.Notifications;
import org.controlsfx.control.PropertySheet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The Train tab: settings on the left (preset, hyperparameters, data, Train / Pause / Stop), the loss and
 * accuracy charts with the run's progress in the middle, and on the right the test-set results (accuracy,
 * confusion matrix, misclassified digits) with "Use this model" and "Save model…".
 */
public final class TrainView extends BorderPane {
    private static final Logger LOG = LoggerFactory.getLogger(TrainView.class);

    private final TrainViewModel vm;
    private final FileDialogs dialogs;
    private final TrainingCharts charts = new TrainingCharts();
    /**
     * At most one chart redraw every two seconds while a run goes: see {@link TrainViewModel#PUMP_INTERVAL_MILLIS}
     * for what each costs the run. (Earlier, with {@code LineChart}s: 131.8 s with redraws every 100 ms, 124.5 s with
     * the figures every 250 ms and the charts every second, the command line 101.5 s.)
     */
    static final long CHART_INTERVAL_MILLIS = 2000;
    private final FxThrottle chartRedraw = new FxThrottle(CHART_INTERVAL_MILLIS, this::redrawCharts);
    private final ConfusionMatrixView matrix = new ConfusionMatrixView();
    private final MisclassifiedGallery gallery = new MisclassifiedGallery();

    /** The tab as the app shows it: MNIST and the checkpoint in the user's cache folder. */
    public TrainView(AppContext context) {
        this(context, TrainOptions.defaults(), FileDialogs.system());
    }

    public TrainView(AppContext context, TrainOptions options, FileDialogs dialogs) {
        this.vm = new TrainViewModel(context, options);
        this.dialogs = dialogs;
        setId("train-view");
        getStylesheets().add(TrainView.class.getResource("train.css").toExternalForm());
        getStyleClass().add("train-view");
        setTop(resumeBanner());
        setLeft(settings());
        setCenter(progressAndCharts());
        setRight(results());
        setBottom(statusLine());
        vm.run().historyVersionProperty().addListener((obs, old, now) -> chartRedraw.request());
        vm.run().totalStepsProperty().addListener((obs, old, now) -> chartRedraw.request());
        vm.run().evaluationProperty().addListener((obs, old, now) -> showEvaluation());
        vm.resultProperty().addListener((obs, old, now) -> {
            chartRedraw.flush(); // the run's last points at once
            notifyFinished(now);
        });
    }

    public TrainViewModel viewModel() {
        return vm;
    }

    /** True while a run is going (or paused, or stopping): the shell asks before closing the window. */
    public ReadOnlyBooleanProperty trainingActiveProperty() {
        return vm.trainingActiveProperty();
    }

    /**
     * Stops a run, keeping what it learned; the future completes (on the FX thread) when the run has ended and
     * written its checkpoint, so the window can close after it without cutting that write short.
     */
    public CompletableFuture<Void> stopTraining() {
        return vm.stopAndWait();
    }

    // ---------------------------------------------------------------- left: settings and controls

    private Region settings() {
        Label presetTitle = new Label("Preset");
        presetTitle.getStyleClass().add("section-title");
        ComboBox<Preset> preset = new ComboBox<>();
        preset.setId("preset");
        preset.getItems().setAll(Preset.values());
        preset.setValue(vm.form().presetProperty().get());
        preset.setButtonCell(new PresetCell());
        preset.setCellFactory(list -> new PresetCell());
        preset.setMaxWidth(Double.MAX_VALUE);
        preset.valueProperty().addListener((obs, old, now) -> {
            if (now != null && now != vm.form().presetProperty().get()) {
                vm.form().applyPreset(now);
            }
        });
        vm.form().presetProperty().addListener((obs, old, now) -> preset.setValue(now));
        Label description = new Label();
        description.setId("preset-description");
        description.setWrapText(true);
        description.getStyleClass().add("hint");
        description.textProperty().bind(Bindings.createStringBinding(
                () -> vm.form().presetProperty().get().description(), vm.form().presetProperty()));

        PropertySheet sheet = HyperparameterSheet.create(vm.form());
        sheet.setMinHeight(Region.USE_PREF_SIZE);
        Label configError = new Label();
        configError.setId("config-error");
        configError.getStyleClass().add("error-text");
        configError.setWrapText(true);
        configError.textProperty().bind(vm.form().errorProperty());
        configError.visibleProperty().bind(vm.form().errorProperty().isNotNull());
        configError.managedProperty().bind(configError.visibleProperty());

        var active = vm.trainingActiveProperty();
        preset.disableProperty().bind(active);
        sheet.disableProperty().bind(active);

        Button train = new Button("Train");
        train.setId("train");
        train.getStyleClass().add("accent");
        train.setMaxWidth(Double.MAX_VALUE);
        train.disableProperty().bind(vm.canTrainBinding().not());
        train.setOnAction(e -> vm.train());
        Button pause = new Button("Pause");
        pause.setId("pause");
        pause.setMaxWidth(Double.MAX_VALUE);
        pause.textProperty().bind(Bindings.createStringBinding(() -> switch (vm.phaseProperty().get()) {
            case PAUSING, PAUSED -> "Resume";
            default -> "Pause";
        }, vm.phaseProperty()));
        pause.disableProperty().bind(Bindings.createBooleanBinding(() -> switch (vm.phaseProperty().get()) {
            case LOADING, RUNNING, PAUSING, PAUSED -> false;
            default -> true;
        }, vm.phaseProperty()));
        pause.setOnAction(e -> {
            switch (vm.phaseProperty().get()) {
                case PAUSING, PAUSED -> vm.resume();
                default -> vm.pause();
            }
        });
        Button stop = new Button("Stop");
        stop.setId("stop");
        stop.setMaxWidth(Double.MAX_VALUE);
        stop.disableProperty().bind(Bindings.createBooleanBinding(
                () -> !vm.phaseProperty().get().active() || vm.phaseProperty().get() == TrainViewModel.Phase.STOPPING,
                vm.phaseProperty()));
        stop.setOnAction(e -> vm.stop());
        HBox buttons = new HBox(6, train, pause, stop);
        for (Button b : new Button[]{train, pause, stop}) {
            HBox.setHgrow(b, Priority.ALWAYS);
        }

        DataPanel data = new DataPanel(vm, this::chooseDataFolder);
        Label hyper = new Label("Hyperparameters");
        hyper.getStyleClass().add("section-title");
        Label guide = new Label("How to read the charts: the loss says how wrong the network is on a batch; it "
                + "should fall. The faint line is every batch, the bold one their moving average. The orange dots are "
                + "the test set: images the network never trains on, its honest score. Pause, then \"Use this model\" "
                + "to try the half-trained network in the Draw tab.");
        guide.setId("guide");
        guide.setWrapText(true);
        guide.getStyleClass().add("hint");
        guide.setAlignment(Pos.TOP_LEFT);
        // every text in full, the guide last: where the window is too short the column scrolls, while Train, Pause
        // and Stop stay in view
        description.setMinHeight(Region.USE_PREF_SIZE);
        VBox form = new VBox(8, presetTitle, preset, description, hyper, sheet, configError, data, new Separator(), guide);
        form.setPadding(new Insets(10, 10, 6, 10));
        ScrollPane scroll = new ScrollPane(form);
        scroll.setId("settings-scroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("settings-scroll");
        VBox.setVgrow(scroll, Priority.ALWAYS);
        buttons.setPadding(new Insets(8, 10, 10, 10));
        VBox box = new VBox(0, scroll, new Separator(), buttons);
        box.setPrefWidth(366); // 350 for the form, and its scroll bar
        box.setMinWidth(300);
        box.getStyleClass().add("settings");
        return box;
    }

    private void chooseDataFolder() {
        dialogs.chooseDataFolder(window(), vm.dataFolderProperty().get()).ifPresent(vm::useDataFolder);
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    /** Shows a preset by name and what it is. */
    private static final class PresetCell extends ListCell<Preset> {
        @Override
        protected void updateItem(Preset item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : switch (item) {
                case TUTORIAL -> "Tutorial (SGD, 20,000 steps)";
                case FAST -> "Fast (Adam, 2 epochs)";
                case ROBUST -> "Robust (augmented, 15 epochs)";
            });
        }
    }

    // ---------------------------------------------------------------- centre: progress and charts

    private Region progressAndCharts() {
        ProgressBar bar = new ProgressBar(0);
        bar.setId("progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(vm.run().progressProperty());
        bar.visibleProperty().bind(vm.phaseProperty().isNotEqualTo(TrainViewModel.Phase.IDLE));
        Label progressText = new Label();
        progressText.setId("progress-text");
        progressText.textProperty().bind(Bindings.createStringBinding(() ->
                        vm.phaseProperty().get() == TrainViewModel.Phase.IDLE
                                ? "Choose a preset, adjust the settings if you like, and press Train."
                                : phaseWord(vm.phaseProperty().get()) + vm.run().progressTextProperty().get(),
                vm.phaseProperty(), vm.run().progressTextProperty()));
        progressText.getStyleClass().add("progress-text");
        FiguresBar figures = new FiguresBar();
        vm.run().figuresProperty().addListener((obs, old, now) -> figures.show(now));
        VBox top = new VBox(4, bar, progressText, figures);
        top.setPadding(new Insets(10, 10, 0, 10));
        // the charts give way when space is short, not the progress bar or the figures
        for (Region r : new Region[]{bar, progressText, figures, top}) {
            r.setMinHeight(Region.USE_PREF_SIZE);
        }
        VBox box = new VBox(4, top, charts);
        VBox.setVgrow(charts, Priority.ALWAYS);
        return box;
    }

    private static String phaseWord(TrainViewModel.Phase phase) {
        return switch (phase) {
            case PAUSING -> "Pausing after this step · ";
            case PAUSED -> "Paused · ";
            default -> "";
        };
    }

    private void redrawCharts() {
        TrainingHistory history = vm.run().history();
        long first = history.size() == 0 ? vm.run().stepsDoneProperty().get() : history.step(0) - 1;
        charts.update(history, first, vm.run().totalStepsProperty().get());
    }

    // ---------------------------------------------------------------- right: results

    private Region results() {
        Label title = new Label("Test set");
        title.getStyleClass().add("section-title");
        Label accuracy = new Label("–");
        accuracy.setId("test-accuracy");
        accuracy.getStyleClass().add("big-figure");
        String hint = "The model is scored on the test images at each evaluation and when the run ends.";
        Label detail = new Label(hint);
        detail.setId("test-detail");
        detail.setWrapText(true);
        detail.getStyleClass().add("hint");
        Runnable showTestFigure = () -> {
            Evaluation ev = vm.run().evaluationProperty().get();
            TrainingLog.Evaluated past = vm.run().pastEvaluationProperty().get();
            if (ev != null) {
                accuracy.setText(TrainFormat.percent(ev.accuracy()));
                detail.setText(String.format(Locale.ROOT, "after %s steps · %,d of %,d test images right · loss %.4f",
                        TrainFormat.count(vm.run().evaluationStepProperty().get()), ev.correct(), ev.examples(), ev.loss()));
            } else if (past != null) {
                accuracy.setText(TrainFormat.percent(past.accuracy()));
                detail.setText(String.format(Locale.ROOT, "after %s steps, before the run was resumed · loss %.4f. "
                        + "The confusion matrix and the misread digits come with the next evaluation.",
                        TrainFormat.count(past.step()), past.loss()));
            } else {
                accuracy.setText("–");
                detail.setText(hint);
            }
        };
        vm.run().evaluationProperty().addListener((obs, old, ev) -> showTestFigure.run());
        vm.run().pastEvaluationProperty().addListener((obs, old, ev) -> showTestFigure.run());

        Button evaluate = new Button("Evaluate now");
        evaluate.setId("evaluate");
        evaluate.setOnAction(e -> vm.evaluateNow());
        Button use = new Button("Use this model");
        use.setId("use-model");
        use.getStyleClass().add("accent");
        use.setOnAction(e -> vm.useModel());
        Button save = new Button("Save model…");
        save.setId("save-model");
        save.setOnAction(e -> dialogs.chooseModelFile(window(), vm.suggestedFileName()).ifPresent(vm::saveModel));
        use.disableProperty().bind(vm.modelAvailableProperty().not());
        save.disableProperty().bind(vm.modelAvailableProperty().not());
        evaluate.disableProperty().bind(vm.modelAvailableProperty().not().or(vm.run().testSetProperty().isNull()));
        HBox modelButtons = new HBox(6, use, save, evaluate);

        Label matrixTitle = new Label("Confusion matrix");
        matrixTitle.getStyleClass().add("section-title");
        Label galleryTitle = new Label("Misclassified digits");
        galleryTitle.getStyleClass().add("section-title");
        VBox content = new VBox(8, title, accuracy, detail, modelButtons, new Separator(), matrixTitle, matrix,
                new Separator(), galleryTitle, gallery);
        content.setPadding(new Insets(10));
        content.getStyleClass().add("results");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.setPrefWidth(424);
        scroll.setMinWidth(300);
        scroll.getStyleClass().add("results-scroll");
        return scroll;
    }

    private void showEvaluation() {
        matrix.show(vm.run().evaluationProperty().get());
        gallery.show(vm.run().evaluationProperty().get(), vm.run().testSetProperty().get());
    }

    private void notifyFinished(TrainingResult result) {
        if (result == null || result.stopped()) {
            return;
        }
        String text = String.format(Locale.ROOT, "%s steps in %s%s. Use it in the Draw tab or save it.",
                TrainFormat.count(result.steps()), TrainFormat.duration(result.seconds()),
                result.evaluation() == null ? "" : ": " + TrainFormat.percent(result.evaluation().accuracy())
                        + " test accuracy");
        try {
            Notifications.create()
                    .title("Training finished")
                    .text(text)
                    .owner(window())
                    .hideAfter(Duration.seconds(8))
                    .position(Pos.BOTTOM_RIGHT)
                    .showInformation();
        } catch (RuntimeException e) {
            LOG.warn("Could not show the notification: {}", e.toString());
        }
    }

    // ---------------------------------------------------------------- top and bottom

    private Region resumeBanner() {
        Label text = new Label();
        text.setId("resume-text");
        text.setWrapText(true);
        Button resume = new Button("Resume");
        resume.setId("resume-checkpoint");
        resume.getStyleClass().add("accent");
        resume.setOnAction(e -> vm.resumeFromCheckpoint());
        resume.disableProperty().bind(vm.dataStateProperty().isNotEqualTo(TrainData.DataState.READY));
        Button dismiss = new Button("Dismiss");
        dismiss.setId("dismiss-checkpoint");
        dismiss.setOnAction(e -> vm.dismissResumeOffer());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox banner = new HBox(10, text, gap, resume, dismiss);
        banner.setId("resume-banner");
        banner.getStyleClass().add("banner");
        banner.setAlignment(Pos.CENTER_LEFT);
        banner.setPadding(new Insets(8, 10, 8, 10));
        banner.visibleProperty().bind(vm.resumeOfferProperty().isNotNull());
        banner.managedProperty().bind(banner.visibleProperty());
        vm.resumeOfferProperty().addListener((obs, old, offer) -> {
            if (offer != null) {
                text.setText(String.format(Locale.ROOT, "An unfinished run can be resumed: %s, step %s of %s%s.",
                        offer.preset(), TrainFormat.count(offer.step()), TrainFormat.count(offer.steps()),
                        offer.testAccuracy() == null ? "" : ", test accuracy " + TrainFormat.percent(offer.testAccuracy())));
            }
        });
        return banner;
    }

    private Region statusLine() {
        Label status = new Label();
        status.setId("status");
        status.setWrapText(true);
        status.textProperty().bind(Bindings.createStringBinding(
                () -> vm.errorProperty().get() != null ? vm.errorProperty().get() : vm.messageProperty().get(),
                vm.errorProperty(), vm.messageProperty()));
        vm.errorProperty().addListener((obs, old, now) ->
                status.pseudoClassStateChanged(HyperparameterSheet.INVALID, now != null));
        HBox line = new HBox(status);
        line.getStyleClass().add("status-line");
        line.setPadding(new Insets(4, 10, 4, 10));
        return line;
    }
}
