package com.digitstudio.app.train;

import com.digitstudio.train.TrainingLog;
import javafx.collections.ObservableList;
import javafx.scene.Node;
import javafx.scene.chart.LineChart;
import javafx.scene.chart.NumberAxis;
import javafx.scene.chart.XYChart;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import javafx.util.StringConverter;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Loss and accuracy against steps: the batch values (faint, min/max decimated so spikes stay visible), their
 * smoothed line, and the test-set evaluations as dots. Each series draws at most {@link #MAX_POINTS} points
 * however long the run, and the data objects are reused from one redraw to the next. Redraws are throttled
 * ({@link FxThrottle}): at most one per {@link #MIN_INTERVAL}, and a slow redraw pushes the next one further
 * away; charts that are not showing (another tab) are not redrawn until they are.
 */
final class TrainingCharts extends VBox {
    static final int MAX_POINTS = 500;
    /** The smoothed lines are smooth: fewer points draw them just as well. */
    static final int SMOOTH_POINTS = 250;
    static final Duration MIN_INTERVAL = Duration.millis(250);

    private final LineChart<Number, Number> loss;
    private final LineChart<Number, Number> accuracy;
    private final NumberAxis lossSteps = stepAxis();
    private final NumberAxis accuracySteps = stepAxis();
    /** 0 to 2.5 (an untrained network's loss is ln 10 ≈ 2.3) until there is data, then fitted to it. */
    private final NumberAxis lossAxis = new NumberAxis(0, 2.5, 0.25);
    private final XYChart.Series<Number, Number> batchLoss = series("batch loss");
    private final XYChart.Series<Number, Number> smoothLoss = series("smoothed");
    private final XYChart.Series<Number, Number> testLoss = series("test loss");
    private final XYChart.Series<Number, Number> batchAccuracy = series("batch accuracy");
    private final XYChart.Series<Number, Number> smoothAccuracy = series("smoothed");
    private final XYChart.Series<Number, Number> testAccuracy = series("test accuracy");

    private final FxThrottle redraw = new FxThrottle((long) MIN_INTERVAL.toMillis(), this::redrawIfDue);
    private TrainingHistory history;
    private long firstStep;
    private long totalSteps;
    private boolean dirty;

    TrainingCharts() {
        lossAxis.setLabel("loss (cross-entropy)");
        lossAxis.setForceZeroInRange(true);
        loss = chart("loss-chart", lossSteps, lossAxis);
        loss.getData().addAll(List.of(batchLoss, smoothLoss, testLoss));

        NumberAxis percent = new NumberAxis(0, 100, 10);
        percent.setAutoRanging(false);
        percent.setLabel("accuracy (%)");
        accuracy = chart("accuracy-chart", accuracySteps, percent);
        accuracy.getData().addAll(List.of(batchAccuracy, smoothAccuracy, testAccuracy));

        getChildren().addAll(loss, accuracy);
        VBox.setVgrow(loss, Priority.ALWAYS);
        VBox.setVgrow(accuracy, Priority.ALWAYS);
        getStyleClass().add("training-charts");
    }

    /** Asks for a redraw from {@code source}; it happens now or within the throttle interval. */
    void update(TrainingHistory source, long first, long total) {
        history = source;
        firstStep = first;
        totalSteps = total;
        dirty = true;
        redraw.request();
    }

    private void redrawIfDue() {
        if (!dirty) {
            return;
        }
        if (!showing()) {
            redraw.request(); // look again later: the tab may be shown by then
            return;
        }
        refresh(history, firstStep, totalSteps);
        dirty = false;
    }

    /** True when this node and all its parents are visible in a showing window (a hidden tab is not). */
    private boolean showing() {
        if (getScene() == null || getScene().getWindow() == null || !getScene().getWindow().isShowing()) {
            return false;
        }
        for (Node n = this; n != null; n = n.getParent()) {
            if (!n.isVisible()) {
                return false;
            }
        }
        return true;
    }

    private static LineChart<Number, Number> chart(String id, NumberAxis x, NumberAxis y) {
        LineChart<Number, Number> chart = new LineChart<>(x, y);
        chart.setId(id);
        chart.setAnimated(false);
        chart.setCreateSymbols(false);
        chart.setAxisSortingPolicy(LineChart.SortingPolicy.NONE);
        chart.setHorizontalGridLinesVisible(true);
        chart.setVerticalGridLinesVisible(false);
        chart.setMinHeight(180);
        chart.getStyleClass().add("training-chart");
        return chart;
    }

    private static NumberAxis stepAxis() {
        NumberAxis axis = new NumberAxis(0, 100, 10);
        axis.setAutoRanging(false);
        axis.setLabel("step");
        axis.setMinorTickVisible(false);
        axis.setTickLabelFormatter(new StringConverter<>() {
            @Override
            public String toString(Number value) {
                return String.format(Locale.ROOT, "%,d", Math.round(value.doubleValue()));
            }

            @Override
            public Number fromString(String text) {
                return Double.parseDouble(text.replace(",", ""));
            }
        });
        return axis;
    }

    private static XYChart.Series<Number, Number> series(String name) {
        XYChart.Series<Number, Number> series = new XYChart.Series<>();
        series.setName(name);
        return series;
    }

    /** Redraws from {@code history} now: steps {@code firstStep}..{@code totalSteps} on the x axis. */
    void refresh(TrainingHistory history, long firstStep, long totalSteps) {
        long from = Math.max(0, firstStep);
        long to = Math.max(from + 1, totalSteps);
        lossAxis.setAutoRanging(history.size() > 0);
        if (history.size() == 0) {
            lossAxis.setLowerBound(0);
            lossAxis.setUpperBound(2.5);
        }
        for (NumberAxis axis : List.of(lossSteps, accuracySteps)) {
            axis.setLowerBound(from);
            axis.setUpperBound(to);
            axis.setTickUnit(niceTick((to - from) / 8.0));
        }
        set(batchLoss, history.batchLoss(MAX_POINTS), 1, false);
        set(smoothLoss, history.smoothedLoss(SMOOTH_POINTS), 1, false);
        set(batchAccuracy, history.batchAccuracy(MAX_POINTS), 100, false);
        set(smoothAccuracy, history.smoothedAccuracy(SMOOTH_POINTS), 100, false);
        List<TrainingLog.Evaluated> evaluations = history.evaluations();
        int n = evaluations.size();
        double[] x = new double[n];
        double[] testL = new double[n];
        double[] testA = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = evaluations.get(i).step();
            testL[i] = evaluations.get(i).loss();
            testA[i] = evaluations.get(i).accuracy();
        }
        set(testLoss, new TrainingHistory.Points(x, testL, n), 1, true);
        set(testAccuracy, new TrainingHistory.Points(x, testA, n), 100, true);
    }

    /** Makes {@code series} show {@code points}, reusing its data objects. */
    private static void set(XYChart.Series<Number, Number> series, TrainingHistory.Points points, double scale,
                            boolean dots) {
        ObservableList<XYChart.Data<Number, Number>> data = series.getData();
        int n = points.size();
        if (data.size() > n) {
            data.remove(n, data.size());
        }
        int reused = data.size();
        for (int i = 0; i < reused; i++) {
            XYChart.Data<Number, Number> d = data.get(i);
            if (d.getXValue().doubleValue() != points.x()[i]) {
                d.setXValue(points.x()[i]);
            }
            double y = points.y()[i] * scale;
            if (d.getYValue().doubleValue() != y) {
                d.setYValue(y);
            }
        }
        if (n > reused) {
            List<XYChart.Data<Number, Number>> added = new ArrayList<>(n - reused);
            for (int i = reused; i < n; i++) {
                XYChart.Data<Number, Number> d = new XYChart.Data<>(points.x()[i], points.y()[i] * scale);
                if (dots) {
                    StackPane dot = new StackPane();
                    dot.getStyleClass().add("test-dot");
                    d.setNode(dot);
                }
                added.add(d);
            }
            data.addAll(added);
        }
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw}. */
    static double niceTick(double raw) {
        if (raw <= 1) {
            return 1;
        }
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[]{1, 2, 5, 10}) {
            if (m * power >= raw) {
                return m * power;
            }
        }
        return 10 * power;
    }

    LineChart<Number, Number> lossChart() {
        return loss;
    }

    LineChart<Number, Number> accuracyChart() {
        return accuracy;
    }
}
