package com.digitstudio.app.train;

import javafx.beans.binding.Bindings;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Where MNIST is, or that it is not there: then it offers to download it (its size shown, with a progress bar
 * and Cancel) or to choose a folder that holds it.
 */
final class DataPanel extends VBox {
    final Button download = new Button("Download");
    final Button choose = new Button("Choose folder…");
    final Button cancel = new Button("Cancel");

    DataPanel(TrainViewModel vm, Runnable chooseFolder) {
        setId("data-panel");
        getStyleClass().add("data-panel");
        setSpacing(6);
        Label title = new Label("Training data");
        title.getStyleClass().add("section-title");
        Label message = new Label();
        message.setId("data-message");
        message.setWrapText(true);
        message.setMinHeight(Region.USE_PREF_SIZE); // where MNIST is, or why not: never cut short
        message.textProperty().bind(vm.dataMessageProperty());

        download.setId("download");
        choose.setId("choose-folder");
        cancel.setId("cancel-download");
        download.setOnAction(e -> vm.download());
        choose.setOnAction(e -> chooseFolder.run());
        cancel.setOnAction(e -> vm.cancelDownload());
        download.textProperty().bind(Bindings.createStringBinding(
                () -> "Download (" + TrainFormat.megabytes(vm.downloadBytesProperty().get()) + ")",
                vm.downloadBytesProperty()));

        ProgressBar progress = new ProgressBar();
        progress.setId("download-progress");
        progress.setMaxWidth(Double.MAX_VALUE);
        progress.progressProperty().bind(vm.downloadProgressProperty());
        HBox.setHgrow(progress, Priority.ALWAYS);
        HBox downloading = new HBox(6, progress, cancel);
        HBox actions = new HBox(6, download, choose);

        var missing = vm.dataStateProperty().isEqualTo(TrainData.DataState.MISSING);
        var fetching = vm.dataStateProperty().isEqualTo(TrainData.DataState.DOWNLOADING);
        download.visibleProperty().bind(missing);
        download.managedProperty().bind(missing);
        downloading.visibleProperty().bind(fetching);
        downloading.managedProperty().bind(fetching);
        choose.disableProperty().bind(Bindings.or(fetching, vm.trainingActiveProperty()));
        pseudoClassStateChanged(HyperparameterSheet.INVALID, false);
        missing.addListener((obs, old, now) -> pseudoClassStateChanged(HyperparameterSheet.INVALID, now));

        getChildren().addAll(title, message, actions, downloading);
    }
}
