package com.digitstudio.app.inside;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * "Why this digit": the saliency map over the drawing for the predicted digit (or a chosen one), and the test that
 * makes it checkable: erase the 10% most important ink, beside 10% at random, and read both again.
 */
final class SaliencyPane extends VBox {
    private static final int ZOOM = 6;
    private final InsideViewModel vm;
    private final ImageView overlay = new ImageView();
    private final ImageView erasedView = new ImageView();
    private final Label caption = new Label();
    private final Label result = new Label();
    private final ComboBox<String> digit = new ComboBox<>();

    SaliencyPane(InsideViewModel vm) {
        this.vm = vm;
        setId("saliencyPane");
        getStyleClass().add("saliency-pane");
        setSpacing(6);
        Label title = new Label("Why this digit");
        title.getStyleClass().add("section-title");
        overlay.setId("saliencyOverlay");
        overlay.setSmooth(false);
        overlay.setFitWidth(28 * ZOOM);
        overlay.setFitHeight(28 * ZOOM);
        erasedView.setSmooth(false);
        erasedView.setFitWidth(28 * 3);
        erasedView.setFitHeight(28 * 3);
        digit.setId("saliencyDigit");
        digit.getItems().add("the predicted digit");
        for (int d = 0; d < 10; d++) {
            digit.getItems().add("digit " + d);
        }
        digit.getSelectionModel().select(0);
        digit.getSelectionModel().selectedIndexProperty().addListener((obs, old, now) ->
                vm.chooseDigit(now.intValue() <= 0 ? null : now.intValue() - 1));
        Button erase = new Button("Erase the 10% most important ink");
        erase.setWrapText(true);
        erase.setMaxWidth(215);
        erase.setId("eraseButton");
        erase.disableProperty().bind(vm.saliencyProperty().isNull());
        erase.setOnAction(event -> vm.runEraseTest());
        erase.setTooltip(new javafx.scene.control.Tooltip("Read the digit again without the 10% of its ink the map "
                + "calls most important, and without as much ink chosen at random"));
        caption.setWrapText(true);
        caption.setMinHeight(Region.USE_PREF_SIZE);
        result.setMinHeight(Region.USE_PREF_SIZE);
        caption.setMaxWidth(215);
        result.setId("eraseResult");
        result.setWrapText(true);
        result.setMaxWidth(215);
        Label forLabel = new Label("For");
        forLabel.setMinWidth(Region.USE_PREF_SIZE);
        HBox choose = new HBox(6, forLabel, digit);
        choose.setAlignment(Pos.CENTER_LEFT);
        VBox controls = new VBox(6, choose, caption, erase, result, erasedView);
        getChildren().addAll(title, new HBox(10, overlay, controls));
        vm.saliencyProperty().addListener((obs, old, now) -> showSaliency(now));
        vm.eraseProperty().addListener((obs, old, now) -> showErase(now));
        showSaliency(null);
        showErase(null);
    }

    private void showSaliency(InsideViewModel.SaliencyMap map) {
        if (map == null) {
            overlay.setImage(null);
            caption.setText("Draw a digit on the Draw tab to see which ink made the network choose it.");
            return;
        }
        float max = 1e-9f;
        for (float a : map.attribution()) {
            max = Math.max(max, Math.abs(a));
        }
        int[] pixels = new int[784];
        for (int p = 0; p < 784; p++) {
            double grey = 1 - 0.3 * map.input()[p];
            double s = map.attribution()[p] / max;
            pixels[p] = s >= 0 ? Heat.pack(grey, grey * (1 - s), grey * (1 - s)) : Heat.pack(grey * (1 + s), grey * (1 + s), grey);
        }
        overlay.setImage(Heat.zoom(Heat.image(pixels, 28, 28), ZOOM));
        caption.setText(String.format(Locale.ROOT, "%s for %d: red ink raised its score, blue ink lowered it. Empty "
                + "places have no value to weigh, so they stay white.", InsideViewModel.METHOD.label(), map.digit()));
    }

    private void showErase(InsideViewModel.EraseResult r) {
        if (r == null) {
            result.setText("Test the map: erasing the ink it calls most important should hurt the digit far more "
                    + "than erasing as much ink at random.");
            erasedView.setImage(null);
            return;
        }
        result.setText(String.format(Locale.ROOT, "Probability of %d: %.1f%% as drawn, %.1f%% with the %d most important ink "
                        + "pixels erased (left), %.1f%% with %d random ink pixels erased (mean of 5).",
                r.digit(), r.before() * 100, r.salient() * 100, r.erased(), r.random() * 100, r.erased()));
        erasedView.setImage(Heat.zoom(Heat.digit(r.salientImage()), 3));
    }
}
