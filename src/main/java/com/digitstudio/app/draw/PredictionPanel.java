package com.digitstudio.app.draw;

import javafx.beans.binding.Bindings;
import javafx.css.PseudoClass;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * What the network thinks: the top digit large with its probability, an "unsure" sign, the 28×28 input it read,
 * and the bar chart of all ten probabilities. With nothing to read it shows a short sentence and no guess.
 */
public final class PredictionPanel extends VBox {
    private static final PseudoClass UNSURE = PseudoClass.getPseudoClass("unsure");
    private final Label digit = new Label();
    private final Label probability = new Label();
    private final Label unsure = new Label();
    private final Label placeholder = new Label();
    private final InputPreview preview = new InputPreview();
    private final ProbabilityChart chart = new ProbabilityChart();
    private final StringProperty noModelMessage = new SimpleStringProperty(this, "noModelMessage", "Loading the model…");

    public PredictionPanel(DrawViewModel viewModel) {
        getStyleClass().add("prediction-panel");
        setId("predictionPanel");

        Label title = new Label("Prediction");
        title.getStyleClass().add("section-title");

        digit.setId("topDigit");
        digit.getStyleClass().add("top-digit");
        probability.setId("topProbability");
        probability.getStyleClass().add("top-probability");
        unsure.setId("unsureLabel");
        unsure.getStyleClass().add("unsure-chip");
        unsure.setWrapText(true);
        unsure.setMinHeight(Region.USE_PREF_SIZE);
        VBox answer = new VBox(2, digit, probability, unsure);
        answer.setAlignment(Pos.CENTER_LEFT);
        answer.getStyleClass().add("answer");

        placeholder.setId("predictionPlaceholder");
        placeholder.getStyleClass().add("placeholder");
        placeholder.setWrapText(true);
        StackPane answerSlot = new StackPane(answer, placeholder);
        answerSlot.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(answerSlot, Priority.ALWAYS);
        answerSlot.setMinWidth(120);

        preview.setId("inputPreview");
        Label previewCaption = new Label("Model input, 28×28");
        previewCaption.getStyleClass().add("caption");
        VBox previewBox = new VBox(6, preview, previewCaption);
        previewBox.setAlignment(Pos.CENTER);
        previewBox.setMinWidth(Region.USE_PREF_SIZE);

        HBox summary = new HBox(16, answerSlot, previewBox);
        summary.getStyleClass().add("summary");
        summary.setAlignment(Pos.CENTER_LEFT);

        Label chartTitle = new Label("Probability of each digit");
        chartTitle.getStyleClass().add("section-title");
        VBox.setVgrow(chart, Priority.ALWAYS);
        chart.setMinHeight(180);
        getChildren().addAll(title, summary, chartTitle, chart);

        answer.visibleProperty().bind(viewModel.predictionProperty().isNotNull());
        placeholder.visibleProperty().bind(answer.visibleProperty().not());
        placeholder.textProperty().bind(Bindings.createStringBinding(() -> {
            if (viewModel.errorProperty().get() != null) {
                return viewModel.errorProperty().get();
            }
            if (!viewModel.hasModel()) {
                return noModelMessage.get();
            }
            return viewModel.emptyProperty().get() ? "Draw a digit on the pad, or drop an image of one."
                    : "Reading…";
        }, viewModel.errorProperty(), viewModel.emptyProperty(), viewModel.predictionProperty(),
                viewModel.modelProperty(), noModelMessage));
        viewModel.predictionProperty().addListener((obs, old, now) -> show(now));
        show(viewModel.getPrediction());
    }

    private void show(Prediction prediction) {
        chart.show(prediction == null ? null : prediction.probabilities());
        preview.show(prediction == null ? null : prediction.input());
        if (prediction == null) {
            digit.setText("");
            probability.setText("");
            unsure.setText("");
            unsure.setVisible(false);
            digit.pseudoClassStateChanged(UNSURE, false);
            return;
        }
        digit.setText(Integer.toString(prediction.digit()));
        probability.setText(percent(prediction.confidence()) + " sure");
        unsure.setVisible(prediction.isUnsure());
        unsure.setText(prediction.isUnsure() ? "Unsure: maybe " + article(prediction.runnerUp()) + prediction.runnerUp() : "");
        digit.pseudoClassStateChanged(UNSURE, prediction.isUnsure());
    }

    private static String article(int digit) {
        return digit == 8 ? "an " : "a ";
    }

    /** One decimal, never rounded up to a certainty the model does not have. */
    static String percent(double p) {
        if (p >= 0.9995) { // float softmax saturates at exactly 1 long before the model is certain
            return ">99.9%";
        }
        return String.format(Locale.ROOT, "%.1f%%", p * 100);
    }

    /** What to say while there is no model (loading, or why it failed). */
    public StringProperty noModelMessageProperty() {
        return noModelMessage;
    }
}
