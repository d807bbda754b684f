package com.digitstudio.app.train;

import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Locale;

/** The run's current figures as a row (wrapping when narrow) of small read-outs: loss, accuracy, test accuracy, learning rate, epoch. */
final class FiguresBar extends FlowPane {
    private final Label loss = value("figure-loss");
    private final Label smoothLoss = value("figure-smoothed-loss");
    private final Label accuracy = value("figure-accuracy");
    private final Label smoothAccuracy = value("figure-smoothed-accuracy");
    private final Label test = value("figure-test-accuracy");
    private final Label rate = value("figure-learning-rate");
    private final Label epoch = value("figure-epoch");

    FiguresBar() {
        super(6, 4);
        setId("figures-bar");
        getStyleClass().add("figures-bar");
        getChildren().addAll(
                tile("loss", loss, "Cross-entropy of the last batch: how wrong the model was, lower is better."),
                tile("smoothed", smoothLoss, "The batch loss averaged over the last few dozen steps."),
                tile("batch accuracy", accuracy, "Share of the last batch the model got right (while training, with dropout)."),
                tile("smoothed", smoothAccuracy, "The batch accuracy averaged over the last few dozen steps."),
                tile("test accuracy", test, "Share of the test images (never trained on) read right at the last evaluation."),
                tile("learning rate", rate, "The step size of this step (the schedule lowers it over the run)."),
                tile("epoch", epoch, "Passes over the training set so far."));
        show(null);
    }

    private static Label value(String id) {
        Label label = new Label("–");
        label.setId(id);
        label.getStyleClass().add("figure-value");
        return label;
    }

    private static VBox tile(String title, Label value, String explanation) {
        Label caption = new Label(title);
        caption.getStyleClass().add("figure-caption");
        VBox box = new VBox(0, caption, value);
        box.getStyleClass().add("figure-tile");
        Tooltip.install(box, new Tooltip(explanation));
        // tiles keep their width and wrap onto a second row in a narrow window instead of being cut to "…"
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    void show(RunFigures.Figures f) {
        if (f == null) {
            for (Label l : new Label[]{loss, smoothLoss, accuracy, smoothAccuracy, test, rate, epoch}) {
                l.setText("–");
            }
            return;
        }
        loss.setText(String.format(Locale.ROOT, "%.4f", f.loss()));
        smoothLoss.setText(String.format(Locale.ROOT, "%.4f", f.smoothedLoss()));
        accuracy.setText(String.format(Locale.ROOT, "%.1f%%", f.batchAccuracy() * 100));
        smoothAccuracy.setText(String.format(Locale.ROOT, "%.1f%%", f.smoothedAccuracy() * 100));
        test.setText(f.testAccuracy() == null ? "–" : TrainFormat.percent(f.testAccuracy()));
        rate.setText(String.format(Locale.ROOT, "%.2e", f.learningRate()));
        epoch.setText(String.format(Locale.ROOT, "%.2f", f.epoch()));
    }
}
