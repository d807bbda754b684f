package com.digitstudio.app.inside;

import com.digitstudio.data.MnistSet;
import com.digitstudio.explain.TopExamples;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;

import java.util.Locale;

/** For the selected conv2 map or dense unit: the nine MNIST test images that excite it most. */
final class TopExamplesPane extends VBox {
    private final InsideViewModel vm;
    private final Label title = new Label();
    private final Label status = new Label();
    private final ProgressBar progress = new ProgressBar();
    private final Button find = new Button("Find them");
    private final HBox images = new HBox(4);

    TopExamplesPane(InsideViewModel vm) {
        this.vm = vm;
        setId("topExamples");
        getStyleClass().add("map-detail");
        setSpacing(6);
        title.getStyleClass().add("detail-title");
        find.setId("findTopExamples");
        find.setOnAction(event -> vm.computeTopExamples());
        find.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        find.setTooltip(new javafx.scene.control.Tooltip("Run MNIST's 10,000 test images through a copy of the network "
                + "and keep, for every conv2 map and dense unit, the nine that excite it most"));
        progress.setPrefWidth(200);
        status.setWrapText(true);
        HBox controls = new HBox(8, find, progress, status);
        controls.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(title, controls, images);
        vm.selectionProperty().addListener((obs, old, now) -> refresh());
        vm.topExamplesProperty().addListener((obs, old, now) -> refresh());
        vm.topProgressProperty().addListener((obs, old, now) -> refresh());
        vm.topStatusProperty().addListener((obs, old, now) -> refresh());
        refresh();
    }

    private void refresh() {
        InsideViewModel.Selection selection = vm.selectionProperty().get();
        boolean relevant = selection.layer().equals("conv2") || selection.layer().equals("dense");
        title.setText(relevant ? String.format(Locale.ROOT, "The test images that excite %s %d most",
                selection.layer().equals("conv2") ? "conv2 map" : "dense unit", selection.map() + 1)
                : "Click a map of conv2 or a unit of the dense layer to see the test images that excite it most.");
        TopExamples top = vm.topExamplesProperty().get();
        double fraction = vm.topProgressProperty().get();
        boolean running = fraction >= 0 && top == null;
        progress.setVisible(running);
        progress.setManaged(running);
        progress.setProgress(fraction);
        find.setVisible(top == null && !running && vm.topStatusProperty().get() != null && vm.canComputeTopExamples());
        find.setManaged(find.isVisible());
        status.setText(vm.topStatusProperty().get());
        images.getChildren().clear();
        MnistSet test = vm.topTestSet();
        if (top == null || !relevant || test == null) {
            return;
        }
        int unit = selection.layer().equals("conv2") ? selection.map() : TopExamples.CONV2_MAPS + selection.map();
        for (int i = 0; i < TopExamples.PER_UNIT; i++) {
            int index = top.indices()[unit][i];
            if (index < 0) {
                continue;
            }
            ImageView view = new ImageView(Heat.digit(test.pixels(index)));
            view.setFitWidth(44);
            view.setFitHeight(44);
            Label value = new Label(String.format(Locale.ROOT, "%.2f", top.peaks()[unit][i]));
            value.getStyleClass().add("layer-shape");
            javafx.scene.control.Tooltip.install(view, new javafx.scene.control.Tooltip(String.format(Locale.ROOT,
                    "Test image #%d (a %d): peak %.3f", index, test.label(index), top.peaks()[unit][i])));
            VBox cell = new VBox(2, view, value);
            cell.setAlignment(Pos.CENTER);
            images.getChildren().add(cell);
        }
    }
}
