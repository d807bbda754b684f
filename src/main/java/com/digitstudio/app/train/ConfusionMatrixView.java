package com.digitstudio.app.train;

import com.digitstudio.eval.Evaluation;
import javafx.geometry.HPos;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.CornerRadii;
import javafx.scene.layout.GridPane;
import javafx.scene.paint.Color;

import java.util.Locale;

/**
 * The 10×10 confusion matrix as a heat map: rows are the true digits, columns what the model said. The
 * diagonal (right answers) is green by the share of its row; mistakes are red, darker the more there are, so
 * the pairs the model confuses (4 and 9, 3 and 5, 7 and 2) stand out.
 */
final class ConfusionMatrixView extends GridPane {
    static final double CELL = 34;
    private static final Background EMPTY = new Background(new BackgroundFill(Color.web("#f2f2f2"), CornerRadii.EMPTY, Insets.EMPTY));
    private static final Color DARK = Color.web("#222");
    private final Label[][] cells = new Label[10][10];
    /** One tooltip per cell, made once; only its text changes. */
    private final Tooltip[][] tips = new Tooltip[10][10];

    ConfusionMatrixView() {
        setId("confusion-matrix");
        getStyleClass().add("confusion-matrix");
        setHgap(1);
        setVgap(1);
        Label corner = new Label("true ↓  said →");
        corner.getStyleClass().add("matrix-corner");
        corner.setWrapText(true);
        corner.setMaxWidth(CELL + 8);
        add(corner, 0, 0);
        for (int d = 0; d < 10; d++) {
            add(header(d), d + 1, 0);
            add(header(d), 0, d + 1);
        }
        for (int actual = 0; actual < 10; actual++) {
            for (int predicted = 0; predicted < 10; predicted++) {
                Label cell = new Label();
                cell.setMinSize(CELL, CELL * 0.8);
                cell.setPrefSize(CELL, CELL * 0.8);
                cell.setAlignment(Pos.CENTER);
                cell.getStyleClass().add("matrix-cell");
                cells[actual][predicted] = cell;
                Tooltip tip = new Tooltip();
                tips[actual][predicted] = tip;
                cell.setTooltip(tip);
                add(cell, predicted + 1, actual + 1);
            }
        }
        show(null);
    }

    private static Label header(int digit) {
        Label label = new Label(Integer.toString(digit));
        label.getStyleClass().add("matrix-header");
        label.setMinWidth(CELL * 0.6);
        label.setAlignment(Pos.CENTER);
        GridPane.setHalignment(label, HPos.CENTER);
        return label;
    }

    void show(Evaluation evaluation) {
        int maxMistakes = 1;
        if (evaluation != null) {
            for (int a = 0; a < 10; a++) {
                for (int p = 0; p < 10; p++) {
                    if (a != p) {
                        maxMistakes = Math.max(maxMistakes, evaluation.confusion()[a][p]);
                    }
                }
            }
        }
        for (int a = 0; a < 10; a++) {
            int rowTotal = 0;
            if (evaluation != null) {
                for (int count : evaluation.confusion()[a]) {
                    rowTotal += count;
                }
            }
            for (int p = 0; p < 10; p++) {
                Label cell = cells[a][p];
                if (evaluation == null) {
                    cell.setText("");
                    cell.setBackground(EMPTY);
                    tips[a][p].setText(null);
                    continue;
                }
                int count = evaluation.confusion()[a][p];
                cell.setText(count == 0 ? "" : Integer.toString(count));
                Color color;
                if (a == p) {
                    double share = rowTotal == 0 ? 0 : (double) count / rowTotal;
                    color = Color.web("#e8f5e9").interpolate(Color.web("#2e7d32"), share);
                } else {
                    double strength = count == 0 ? 0 : 0.15 + 0.85 * Math.sqrt((double) count / maxMistakes);
                    color = Color.web("#fafafa").interpolate(Color.web("#c62828"), strength);
                }
                // backgrounds and text colours set directly: no CSS to parse for 100 cells at every evaluation
                cell.setBackground(new Background(new BackgroundFill(color, CornerRadii.EMPTY, Insets.EMPTY)));
                cell.setTextFill(color.getBrightness() < 0.6 || (a == p && count > rowTotal * 0.7) ? Color.WHITE : DARK);
                tips[a][p].setText(a == p
                        ? String.format(Locale.ROOT, "%d of %d %ss read correctly (%.1f%%)", count, rowTotal, a,
                        rowTotal == 0 ? 0 : 100.0 * count / rowTotal)
                        : String.format(Locale.ROOT, "%d %s%s read as %d", count, a, count == 1 ? " was" : "s were", p));
            }
        }
    }

    int count(int actual, int predicted) {
        String text = cells[actual][predicted].getText();
        return text.isEmpty() ? 0 : Integer.parseInt(text);
    }

}
