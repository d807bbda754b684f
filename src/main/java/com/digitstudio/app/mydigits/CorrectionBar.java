package com.digitstudio.app.mydigits;

import com.digitstudio.app.draw.DrawViewModel;
import com.digitstudio.app.draw.Prediction;
import com.digitstudio.eval.Evaluator;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * Under the probability chart: "That's wrong: it is [0]…[9]" and "Keep this one". Either puts the drawing on the
 * pad, as strokes, into My digits with its right digit.
 */
public final class CorrectionBar extends VBox {
    private final Label feedback = new Label();

    public CorrectionBar(DrawViewModel draw, MyDigitsModel myDigits) {
        getStyleClass().add("correction-bar");
        setId("correctionBar");
        getStylesheets().add(java.util.Objects.requireNonNull(CorrectionBar.class.getResource("mydigits.css")).toExternalForm());
        Label prompt = new Label("Wrong? It is:");
        prompt.getStyleClass().add("section-title");
        javafx.scene.layout.FlowPane digits = new javafx.scene.layout.FlowPane(4, 4);
        digits.setAlignment(Pos.CENTER_LEFT);
        javafx.beans.binding.BooleanBinding noDrawing = Bindings.createBooleanBinding(
                () -> draw.inkProperty().get() == null || draw.inkProperty().get().isEmpty(), draw.inkProperty());
        for (int d = 0; d < 10; d++) {
            int digit = d;
            Button b = new Button(Integer.toString(d));
            b.setId("correct" + d);
            b.getStyleClass().add("digit-button");
            b.setTooltip(new Tooltip("Add this drawing to My digits as a " + d + " (or type " + d + ")"));
            b.disableProperty().bind(noDrawing);
            b.setOnAction(e -> add(draw, myDigits, digit));
            b.setMinWidth(Region.USE_PREF_SIZE);
            digits.getChildren().add(b);
        }
        Button keep = new Button("Keep this one");
        keep.setId("keepDrawing");
        keep.setTooltip(new Tooltip("The answer is right: add this drawing to My digits with it"));
        keep.disableProperty().bind(noDrawing.or(draw.predictionProperty().isNull()));
        keep.setOnAction(e -> {
            Prediction p = draw.getPrediction();
            if (p != null) {
                add(draw, myDigits, Evaluator.argmax(p.probabilities()));
            }
        });
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(8, prompt, spacer, keep);
        top.setAlignment(Pos.CENTER_LEFT);
        feedback.setId("correctionFeedback");
        feedback.getStyleClass().add("caption");
        feedback.setWrapText(true);
        feedback.setMinHeight(Region.USE_PREF_SIZE);
        feedback.textProperty().bind(Bindings.createStringBinding(() -> {
            String problem = myDigits.problemProperty().get();
            return problem != null ? problem : lastAdded.get();
        }, myDigits.problemProperty(), lastAdded));
        getChildren().addAll(top, digits, feedback);
        setSpacing(6);
    }

    private com.digitstudio.ink.Ink lastInk;
    private com.digitstudio.adapt.MyDigits.Drawing lastDrawing;
    private final javafx.beans.property.StringProperty lastAdded = new javafx.beans.property.SimpleStringProperty(
            "Teach the network your handwriting: correct its mistakes here, then use the My digits tab.");

    /** Adds the pad's drawing as {@code digit}; the pad is left as it is. */
    public void add(DrawViewModel draw, MyDigitsModel myDigits, int digit) {
        if (draw.inkProperty().get() == null || draw.inkProperty().get().isEmpty()) {
            return;
        }
        com.digitstudio.ink.Ink ink = draw.inkProperty().get();
        if (ink.equals(lastInk) && lastDrawing != null) {
            // pressed again for the same drawing (or a held key): it is one drawing, with the latest digit
            if (lastDrawing.label() != digit) {
                myDigits.relabel(lastDrawing, digit);
                lastDrawing = lastDrawing.relabelled(digit);
                lastAdded.set(String.format("Changed to a %d in My digits.", digit));
            }
            return;
        }
        lastInk = ink;
        lastDrawing = myDigits.add(digit, ink);
        int ofDigit = myDigits.count(digit);
        int all = myDigits.drawings().size();
        lastAdded.set(String.format("Added to My digits as a %d: you have %d %s of it, %d %s in all.", digit, ofDigit,
                ofDigit == 1 ? "drawing" : "drawings", all, all == 1 ? "drawing" : "drawings"));
    }
}
