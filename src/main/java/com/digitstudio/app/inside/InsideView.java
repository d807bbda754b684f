package com.digitstudio.app.inside;

import com.digitstudio.app.draw.Prediction;
import com.digitstudio.model.Activations;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Inside tab: every layer of the network reading the Draw tab's input, left to right as it runs, from the
 * same forward pass as the prediction; a map clicked opens large with its kernel and arithmetic; beside it, which
 * ink made the network choose its digit. Redrawn only while the tab is showing.
 */
public final class InsideView extends BorderPane {
    private final InsideViewModel vm;
    private final Map<String, LayerTile> tiles = new LinkedHashMap<>();
    private final VBox logits = new VBox(2);
    private final Label placeholder = new Label();
    private final MapDetail detail = new MapDetail();
    private final javafx.beans.value.ObservableBooleanValue visible;
    private boolean stale = true;

    public InsideView(InsideViewModel vm, javafx.beans.value.ObservableBooleanValue visible) {
        this.vm = vm;
        this.visible = visible;
        setId("insideView");
        getStylesheets().add(InsideView.class.getResource("inside.css").toExternalForm());
        getStyleClass().add("inside-view");
        tile(new LayerTile("input", "Input", "28×28×1", 28, 1, 1, 3, null));
        tile(new LayerTile("conv1", "conv1 · 32 filters 5×5, ReLU", "28×28×32", 28, 32, 8, 1.25, map -> vm.select("conv1", map)));
        tile(new LayerTile("pool1", "pool1 · max 2×2", "14×14×32", 14, 32, 8, 2, map -> vm.select("pool1", map)));
        tile(new LayerTile("conv2", "conv2 · 64 filters 5×5×32, ReLU", "14×14×64", 14, 64, 16, 1.5, map -> vm.select("conv2", map)));
        tile(new LayerTile("pool2", "pool2 · max 2×2", "7×7×64", 7, 64, 16, 2, map -> vm.select("pool2", map)));
        tile(new LayerTile("dense", "dense · 1,024, ReLU", "1024 as 32×32", 32, 1, 1, 3, unit -> vm.select("dense", unit)));
        HBox strip = new HBox(14);
        strip.getChildren().addAll(tiles.values());
        strip.getChildren().add(dropout());
        strip.getChildren().add(logitsColumn());
        strip.setPadding(new Insets(10));
        ScrollPane scroll = new ScrollPane(strip);
        scroll.setFitToHeight(true);
        scroll.setVbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        scroll.getStyleClass().add("layer-strip");
        placeholder.setId("insidePlaceholder");
        placeholder.getStyleClass().add("placeholder");
        placeholder.setWrapText(true);
        VBox top = new VBox(4, placeholder, scroll);
        setTop(top);
        SaliencyPane saliency = new SaliencyPane(vm);
        VBox.setVgrow(detail, Priority.ALWAYS);
        TopExamplesPane examples = new TopExamplesPane(vm);
        HBox.setHgrow(examples, Priority.ALWAYS);
        HBox learnedRow = new HBox(12, learned(), examples);
        VBox left = new VBox(8, detail, learnedRow);
        HBox.setHgrow(left, Priority.ALWAYS);
        saliency.setMinWidth(405);
        saliency.setPrefWidth(405);
        HBox bottom = new HBox(12, left, saliency);
        bottom.setPadding(new Insets(6, 10, 10, 10));
        setCenter(bottom);
        // with no model, or one made elsewhere, only the sentence (and its layer list) shows: the panels are our CNN's
        scroll.visibleProperty().bind(vm.messageProperty().isNull());
        scroll.managedProperty().bind(scroll.visibleProperty());
        bottom.visibleProperty().bind(vm.messageProperty().isNull());
        bottom.managedProperty().bind(bottom.visibleProperty());

        vm.predictionProperty().addListener((obs, old, now) -> changed());
        vm.selectionProperty().addListener((obs, old, now) -> changed());
        vm.arithmeticProperty().addListener((obs, old, now) -> changed());
        vm.messageProperty().addListener((obs, old, now) -> showMessage());
        visible.addListener((obs, old, now) -> {
            if (now && stale) {
                redraw();
            }
            if (now) {
                vm.lookForTopExamples();
            }
        });
        showMessage();
        redraw();
    }

    private void tile(LayerTile tile) {
        tiles.put(tile.layer, tile);
    }

    /** "What it learned": conv1's 32 kernels, each on its own red/blue scale. */
    private Region learned() {
        Label title = new Label("What conv1 learned: its 32 kernels");
        title.getStyleClass().add("detail-title");
        javafx.scene.image.ImageView kernels = new javafx.scene.image.ImageView();
        kernels.setId("conv1Kernels");
        vm.arithmeticProperty().addListener((obs, old, now) ->
                kernels.setImage(now == null ? null : Heat.zoom(MapDetail.conv1Kernels(now), 3)));
        VBox box = new VBox(6, title, kernels);
        box.getStyleClass().add("map-detail");
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    private static Region dropout() {
        Label label = new Label("dropout 0.4\ninactive when\nreading: every\nunit passes");
        label.getStyleClass().add("dropout-note");
        VBox box = new VBox(label);
        box.setAlignment(Pos.CENTER);
        box.getStyleClass().add("dropout");
        return box;
    }

    private Region logitsColumn() {
        Label name = new Label("logits → softmax");
        name.getStyleClass().add("layer-name");
        Label shape = new Label("10");
        shape.getStyleClass().add("layer-shape");
        VBox column = new VBox(4, name, shape, logits);
        column.setId("layer-logits");
        column.getStyleClass().add("layer-tile");
        return column;
    }

    private void changed() {
        if (visible.get()) {
            redraw();
        } else {
            stale = true;
        }
    }

    private void redraw() {
        stale = false;
        Prediction prediction = vm.predictionProperty().getValue();
        Activations layers = prediction == null ? null : prediction.layers();
        if (layers == null) {
            tiles.values().forEach(tile -> tile.setVisible(false));
            logits.getChildren().clear();
            detail.show(null, null, null);
            showMessage();
            return;
        }
        tiles.values().forEach(tile -> tile.setVisible(true));
        tiles.get("input").show(layers.input());
        tiles.get("conv1").show(layers.conv1());
        tiles.get("pool1").show(layers.pool1());
        tiles.get("conv2").show(layers.conv2());
        tiles.get("pool2").show(layers.pool2());
        tiles.get("dense").show(layers.dense());
        InsideViewModel.Selection selection = vm.selectionProperty().get();
        tiles.values().forEach(tile -> tile.select(tile.layer.equals(selection.layer()) ? selection.map() : -1));
        showLogits(layers);
        detail.show(layers, vm.arithmeticProperty().get(), selection);
        showMessage();
    }

    private void showLogits(Activations layers) {
        logits.getChildren().clear();
        float[] z = layers.logits();
        float[] p = layers.probabilities();
        float range = 1e-6f;
        for (float v : z) {
            range = Math.max(range, Math.abs(v));
        }
        int best = com.digitstudio.eval.Evaluator.argmax(p);
        for (int d = 0; d < 10; d++) {
            Label digit = new Label(Integer.toString(d));
            digit.getStyleClass().add(d == best ? "logit-digit-best" : "logit-digit");
            Rectangle bar = new Rectangle(Math.max(1, 40 * Math.abs(z[d]) / range), 10);
            bar.getStyleClass().add(z[d] >= 0 ? "logit-positive" : "logit-negative");
            Rectangle prob = new Rectangle(Math.max(1, 60 * p[d]), 10);
            prob.getStyleClass().add("softmax-bar");
            Label value = new Label(String.format(Locale.ROOT, "%6.2f  %5.1f%%", z[d], p[d] * 100));
            value.getStyleClass().add("logit-value");
            HBox row = new HBox(4, digit, bar, prob, value);
            row.setAlignment(Pos.CENTER_LEFT);
            logits.getChildren().add(row);
        }
    }

    private void showMessage() {
        String message = vm.messageProperty().get();
        Prediction prediction = vm.predictionProperty().getValue();
        if (message == null && (prediction == null || prediction.layers() == null)) {
            message = "Draw a digit on the Draw tab (Ctrl+1): every layer of the network reading it appears here, live.";
        }
        placeholder.setText(message);
        placeholder.setVisible(message != null);
        placeholder.setManaged(message != null);
    }

    // ---- for tests --------------------------------------------------------------------------------------------

    LayerTile tile(String layer) {
        return tiles.get(layer);
    }

    MapDetail detail() {
        return detail;
    }

    public InsideViewModel viewModel() {
        return vm;
    }
}
