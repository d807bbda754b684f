package com.digitstudio.app.mydigits;

import com.digitstudio.adapt.MyDigits;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.ink.InkRasterizer;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.support.UserMessages;
import javafx.application.Platform;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The My digits tab: the user's drawings by digit, each as the network sees it, outlined where the model in use
 * misreads it (relabel or delete from its menu); counts; and Teach, which fine-tunes a copy of the model on them
 * and shows, measured, what it gained and what it kept, then "Use it" or "Discard".
 */
public final class MyDigitsView extends BorderPane {
    private final MyDigitsModel model;
    private final ObservableValue<DigitClassifier> inUse;
    private final Executor inference;
    private final Executor training;
    private final Supplier<Path> mnistFolder;
    private final Consumer<DigitClassifier> use;
    private final VBox rows = new VBox(10);
    private final Label counts = new Label();
    private final Label reading = new Label();
    private final Button teach = new Button("Teach");
    private final ProgressBar progress = new ProgressBar(0);
    private final Label teachStatus = new Label();
    private final Button useIt = new Button("Use it");
    private final Button discard = new Button("Discard");
    private final HBox resultActions = new HBox(8, useIt, discard);
    private final InkRasterizer rasterizer = new InkRasterizer();
    /** Each drawing's 28×28 image, made once on the FX thread (a drawing's strokes never change; its id stays). */
    private final Map<String, float[]> images = new HashMap<>();
    private final javafx.scene.control.Hyperlink mnistHint = new javafx.scene.control.Hyperlink(
            "MNIST is not downloaded: Teach mixes its images in so the network does not forget other people's digits. "
                    + "Without it, teaching uses your drawings alone and what it forgets is not measured. "
                    + "Get MNIST (about 11 MB) in the Train tab.");
    private Map<String, float[]> readings = Map.of();
    private int readingGeneration;
    private TeachTask.Result result;

    /**
     * @param mnistFolder where MNIST is (it may not be there yet)
     * @param use         puts a taught model in use
     */
    public MyDigitsView(MyDigitsModel model, ObservableValue<DigitClassifier> inUse, Executor inference,
                        Executor training, Supplier<Path> mnistFolder, Consumer<DigitClassifier> use, Runnable getMnist) {
        this.model = model;
        this.inUse = inUse;
        this.inference = inference;
        this.training = training;
        this.mnistFolder = mnistFolder;
        this.use = use;
        setId("myDigitsView");
        getStyleClass().add("my-digits-view");
        getStylesheets().add(java.util.Objects.requireNonNull(MyDigitsView.class.getResource("mydigits.css")).toExternalForm());

        Label title = new Label("My digits");
        title.getStyleClass().add("section-title");
        counts.setId("myDigitsCounts");
        reading.setId("myDigitsReading");
        reading.setWrapText(true);
        teach.setId("teachButton");
        teach.setTooltip(new Tooltip("Fine-tune a copy of the model on these drawings (seconds); you then choose to use it"));
        teach.setOnAction(e -> teach());
        progress.setId("teachProgress");
        progress.setVisible(false);
        progress.managedProperty().bind(progress.visibleProperty());
        progress.setPrefWidth(180);
        progress.setMinWidth(Region.USE_PREF_SIZE);
        teach.setMinWidth(Region.USE_PREF_SIZE);
        useIt.setMinWidth(Region.USE_PREF_SIZE);
        discard.setMinWidth(Region.USE_PREF_SIZE);
        teachStatus.setId("teachStatus");
        teachStatus.setWrapText(true);
        teachStatus.setMaxWidth(Double.MAX_VALUE);
        teachStatus.setMinHeight(Region.USE_PREF_SIZE);
        HBox.setHgrow(teachStatus, Priority.ALWAYS);
        useIt.setId("useTaughtModel");
        useIt.setTooltip(new Tooltip("Put the taught model in use (save it from the Train tab's model menu or keep teaching)"));
        useIt.setOnAction(e -> {
            if (result != null) {
                use.accept(result.taught());
                teachStatus.setText("The taught model is in use. " + teachStatus.getText());
                result = null;
                resultActions.setVisible(false);
            }
        });
        discard.setId("discardTaughtModel");
        discard.setOnAction(e -> {
            if (result != null) {
                result.taught().close();
                result = null;
            }
            resultActions.setVisible(false);
            teachStatus.setText("Discarded; the model in use is unchanged.");
        });
        resultActions.setVisible(false);
        resultActions.managedProperty().bind(resultActions.visibleProperty());
        HBox teachRow = new HBox(10, teach, progress, teachStatus, resultActions);
        teachRow.setAlignment(Pos.CENTER_LEFT);
        Label problem = new Label();
        problem.setId("myDigitsProblem");
        problem.getStyleClass().add("problem");
        problem.textProperty().bind(model.problemProperty());
        problem.visibleProperty().bind(model.problemProperty().isNotNull());
        problem.managedProperty().bind(problem.visibleProperty());
        mnistHint.setId("getMnist");
        mnistHint.setWrapText(true);
        mnistHint.setOnAction(e -> getMnist.run());
        mnistHint.managedProperty().bind(mnistHint.visibleProperty());
        VBox header = new VBox(6, title, counts, reading, teachRow, mnistHint, problem);
        header.getStyleClass().addAll("card", "my-digits-header");
        rows.getStyleClass().add("my-digits-rows");
        ScrollPane scroll = new ScrollPane(rows);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("my-digits-scroll");
        setTop(header);
        setCenter(scroll);

        model.drawings().addListener((ListChangeListener<MyDigits.Drawing>) c -> refresh());
        inUse.addListener((obs, old, now) -> refresh());
        refresh();
    }

    private void refresh() {
        List<MyDigits.Drawing> drawings = List.copyOf(model.drawings());
        StringBuilder text = new StringBuilder(drawings.size() + (drawings.size() == 1 ? " drawing" : " drawings"));
        StringBuilder missing = new StringBuilder();
        if (!drawings.isEmpty()) {
            text.append(":");
            for (int d = 0; d < 10; d++) {
                if (model.count(d) > 0) {
                    text.append(String.format(Locale.ROOT, "  %d ×%d", d, model.count(d)));
                } else {
                    missing.append(missing.length() == 0 ? "" : ", ").append(d);
                }
            }
            if (missing.length() > 0) {
                text.append("   (none yet of ").append(missing).append(")");
            }
        }
        counts.setText(text.toString());
        teach.setDisable(drawings.isEmpty() || !(inUse.getValue() instanceof CnnNetwork) || progress.isVisible());
        if (!(inUse.getValue() instanceof CnnNetwork) && inUse.getValue() != null && !teachStatus.textProperty().isBound()) {
            teachStatus.setText("Teaching works on Digit Studio's own network; " + inUse.getValue().info().name()
                    + " is a model made elsewhere.");
        }
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (MyDigits.Drawing d : drawings) {
            ids.add(d.id());
            images.computeIfAbsent(d.id(), id -> rasterizer.rasterize(d.ink()).orElse(null));
        }
        images.keySet().retainAll(ids);
        Path mnist = mnistFolder.get();
        mnistHint.setVisible(mnist == null || !com.digitstudio.data.MnistData.isComplete(mnist));
        readAll(drawings);
        rebuild(drawings);
    }

    /** How the model in use reads every drawing, on the inference thread; a newer request supersedes. */
    private void readAll(List<MyDigits.Drawing> drawings) {
        DigitClassifier classifier = inUse.getValue();
        int generation = ++readingGeneration;
        if (classifier == null || drawings.isEmpty()) {
            readings = Map.of();
            reading.setText(drawings.isEmpty()
                    ? "Correct the network's mistakes in the Draw tab (the digit buttons under the chart) and they appear here."
                    : "");
            return;
        }
        Map<String, float[]> inputs = new HashMap<>(images);
        inference.execute(() -> {
            if (generation != readingGeneration) {
                return;
            }
            Map<String, float[]> out = new HashMap<>();
            inputs.forEach((id, pixels) -> {
                if (pixels != null) {
                    out.put(id, classifier.predict(pixels));
                }
            });
            Platform.runLater(() -> {
                if (generation == readingGeneration) {
                    readings = out;
                    int right = 0;
                    for (MyDigits.Drawing d : drawings) {
                        float[] p = out.get(d.id());
                        right += p != null && Evaluator.argmax(p) == d.label() ? 1 : 0;
                    }
                    reading.setText(String.format(Locale.ROOT, "%s reads %d of %d right%s.", classifier.info().name(),
                            right, drawings.size(), right < drawings.size() ? "; the ones it misreads are outlined in red" : ""));
                    rebuild(drawings);
                }
            });
        });
    }

    private void rebuild(List<MyDigits.Drawing> drawings) {
        rows.getChildren().clear();
        for (int digit = 0; digit < 10; digit++) {
            int d = digit;
            List<MyDigits.Drawing> ofDigit = drawings.stream().filter(x -> x.label() == d).toList();
            if (ofDigit.isEmpty()) {
                continue;
            }
            Label label = new Label(Integer.toString(d));
            label.getStyleClass().add("row-digit");
            label.setMinWidth(Region.USE_PREF_SIZE);
            FlowPane tiles = new FlowPane(6, 6);
            tiles.setId("row" + d);
            for (MyDigits.Drawing drawing : ofDigit) {
                tiles.getChildren().add(tile(drawing));
            }
            HBox.setHgrow(tiles, Priority.ALWAYS);
            HBox row = new HBox(12, label, tiles);
            row.getStyleClass().addAll("card", "digit-row");
            rows.getChildren().add(row);
        }
    }

    private StackPane tile(MyDigits.Drawing drawing) {
        float[] p = images.getOrDefault(drawing.id(), null);
        p = p != null ? p : new float[784];
        WritableImage image = new WritableImage(28, 28);
        PixelWriter writer = image.getPixelWriter();
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                double ink = Math.max(0, Math.min(1, p[y * 28 + x]));
                writer.setColor(x, y, Color.gray(1 - ink));
            }
        }
        ImageView view = new ImageView(image);
        view.setFitWidth(56);
        view.setFitHeight(56);
        view.setSmooth(false);
        StackPane tile = new StackPane(view);
        tile.getStyleClass().add("digit-tile");
        float[] read = readings.get(drawing.id());
        if (read != null) {
            int digit = Evaluator.argmax(read);
            if (digit != drawing.label()) {
                tile.getStyleClass().add("misread");
            }
            Tooltip.install(tile, new Tooltip(String.format(Locale.ROOT, "A %d, read as %d (%.0f%%). Right-click to relabel or delete.",
                    drawing.label(), digit, read[digit] * 100)));
        }
        Menu relabel = new Menu("Relabel as");
        for (int d = 0; d < 10; d++) {
            int digit = d;
            MenuItem item = new MenuItem(Integer.toString(d));
            item.setDisable(d == drawing.label());
            item.setOnAction(e -> model.relabel(drawing, digit));
            relabel.getItems().add(item);
        }
        MenuItem delete = new MenuItem("Delete");
        delete.setOnAction(e -> model.delete(drawing));
        ContextMenu menu = new ContextMenu(relabel, delete);
        // right-click (some platforms send only the press, not a context-menu request) or the keyboard's menu key
        tile.setOnMousePressed(e -> {
            if (e.isSecondaryButtonDown() && !menu.isShowing()) {
                menu.show(tile, e.getScreenX(), e.getScreenY());
                e.consume();
            }
        });
        tile.setOnContextMenuRequested(e -> {
            if (!menu.isShowing()) {
                menu.show(tile, e.getScreenX(), e.getScreenY());
            }
            e.consume();
        });
        tile.getProperties().put("drawing", drawing);
        return tile;
    }

    /** Starts teaching a copy of the model in use. */
    public void teach() {
        if (!(inUse.getValue() instanceof CnnNetwork base) || model.drawings().isEmpty()) {
            return;
        }
        if (result != null) {
            result.taught().close();
            result = null;
        }
        resultActions.setVisible(false);
        Path mnist = mnistFolder.get();
        boolean withMnist = mnist != null && com.digitstudio.data.MnistData.isComplete(mnist);
        TeachTask task = new TeachTask(base, model.drawings(), withMnist ? mnist : null);
        progress.setVisible(true);
        progress.progressProperty().bind(task.progressProperty());
        teachStatus.textProperty().bind(task.messageProperty());
        teach.setDisable(true);
        task.setOnSucceeded(e -> {
            done(task);
            result = task.getValue();
            teachStatus.setText(describe(result, withMnist));
            resultActions.setVisible(true);
        });
        task.setOnFailed(e -> {
            done(task);
            teachStatus.setText(UserMessages.of(task.getException()));
        });
        task.setOnCancelled(e -> done(task));
        training.execute(task);
    }

    private void done(TeachTask task) {
        progress.progressProperty().unbind();
        progress.setVisible(false);
        teachStatus.textProperty().unbind();
        refresh();
    }

    static String describe(TeachTask.Result r, boolean withMnist) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "Taught on %d drawings in %.1f s.", r.learnedFrom(), r.seconds()));
        if (r.heldOut() > 0) {
            s.append(String.format(Locale.ROOT, " On the %d drawings held out of the teaching: %.0f%% → %.0f%%.",
                    r.heldOut(), r.before() * 100, r.after() * 100));
        } else {
            s.append(String.format(Locale.ROOT, " (With at least %d drawings a quarter are held out to measure it.)",
                    TeachTask.HOLD_OUT_FROM));
        }
        if (withMnist && r.mnistBefore() != null) {
            s.append(String.format(Locale.ROOT, " MNIST test set: %.2f%% → %.2f%%.", r.mnistBefore() * 100, r.mnistAfter() * 100));
        } else {
            s.append(" MNIST is not downloaded (Train tab): taught without it, so it may have forgotten other people's "
                    + "digits, and that is not measured.");
        }
        return s.toString();
    }
}
