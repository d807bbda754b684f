package com.digitstudio.app.draw;

import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.chart.BarChart;
import javafx.scene.chart.CategoryAxis;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.control.Tooltip;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The ten softmax probabilities as bars, the most probable one highlighted. All bars are zero when there is none. */
public final class ProbabilityChart extends BarChart<String, Number> {
    private static final PseudoClass TOP = PseudoClass.getPseudoClass("top");
    private final List<XYChart.Data<String, Number>> bars = new ArrayList<>();
    private final List<Tooltip> tips = new ArrayList<>();
    private int top = -1;

    public ProbabilityChart() {
        super(new CategoryAxis(), new NumberAxis(0, 1, 0.25));
        setId("probabilityChart");
        getStyleClass().add("probability-chart");
        setAnimated(false);
        setLegendVisible(false);
        setBarGap(0);
        setCategoryGap(8);
        setHorizontalGridLinesVisible(true);
        setVerticalGridLinesVisible(false);
        NumberAxis yAxis = (NumberAxis) getYAxis();
        yAxis.setAutoRanging(false);
        yAxis.setMinorTickVisible(false);
        yAxis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number value) {
                return Math.round(value.doubleValue() * 100) + "%";
            }

            @Override
            public Number fromString(String text) {
                return Double.parseDouble(text.replace("%", "")) / 100;
            }
        });
        getXAxis().setTickMarkVisible(false);
        XYChart.Series<String, Number> series = new XYChart.Series<>();
        series.setName("Probability");
        for (int digit = 0; digit < 10; digit++) {
            XYChart.Data<String, Number> bar = new XYChart.Data<>(Integer.toString(digit), 0.0);
            int index = digit;
            bar.nodeProperty().addListener((obs, old, node) -> styleBar(index, node));
            bars.add(bar);
            tips.add(new Tooltip());
            series.getData().add(bar);
        }
        getData().add(series);
    }

    /** Shows {@code probabilities} (ten values), or zeros for null. */
    public void show(float[] probabilities) {
        top = -1;
        for (int digit = 0; digit < 10; digit++) {
            double value = probabilities == null ? 0 : probabilities[digit];
            bars.get(digit).setYValue(value);
            if (probabilities != null && (top < 0 || probabilities[digit] > probabilities[top])) {
                top = digit;
            }
        }
        for (int digit = 0; digit < 10; digit++) {
            styleBar(digit, bars.get(digit).getNode());
        }
    }

    /** The value of bar {@code digit}. */
    public double value(int digit) {
        return bars.get(digit).getYValue().doubleValue();
    }

    /** The highlighted digit, or -1. */
    public int highlighted() {
        return top;
    }

    private void styleBar(int digit, Node node) {
        double value = bars.get(digit).getYValue().doubleValue();
        tips.get(digit).setText(String.format(Locale.ROOT, "%d: %.1f%%", digit, value * 100));
        if (node == null) {
            return;
        }
        if (!("bar" + digit).equals(node.getId())) {
            node.setId("bar" + digit);
            Tooltip.install(node, tips.get(digit));
        }
        node.pseudoClassStateChanged(TOP, digit == top);
    }
}
