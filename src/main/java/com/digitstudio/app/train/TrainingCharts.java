package com.digitstudio.app.train;

import com.digitstudio.train.TrainingLog;
import javafx.scene.Node;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.util.Duration;

import java.util.List;

/**
 * Loss and accuracy against steps: the batch values (faint, min/max decimated so spikes stay visible), their
 * smoothed line, and the test-set evaluations as dots. Each series draws at most {@link #MAX_POINTS} points
 * however long the run. The two charts are {@link StepChart}s, drawn on a canvas: a redraw makes no nodes and
 * needs no CSS or layout pass. Redraws are throttled ({@link FxThrottle}): at most one per {@link #MIN_INTERVAL},
 * and a slow redraw pushes the next one further away; charts that are not showing (another tab) are not redrawn
 * until they are.
 */
final class TrainingCharts extends VBox {
    static final int MAX_POINTS = 500;
    /** The smoothed lines are smooth: fewer points draw them just as well. */
    static final int SMOOTH_POINTS = 250;
    static final Duration MIN_INTERVAL = Duration.millis(250);

    static final Color BATCH_LOSS = Color.rgb(33, 113, 181, 0.30);
    static final Color SMOOTH_LOSS = Color.web("#08519c");
    static final Color BATCH_ACCURACY = Color.rgb(35, 139, 69, 0.30);
    static final Color SMOOTH_ACCURACY = Color.web("#006d2c");
    static final Color TEST = Color.web("#d94801");

    /** Series indices, the same in both charts. */
    static final int BATCH = 0;
    static final int SMOOTHED = 1;
    static final int TEST_SET = 2;

    /** 0 to 2.5 (an untrained network's loss is ln 10 ≈ 2.3) until there is data, then fitted to it. */
    private final StepChart loss = new StepChart("loss (cross-entropy)", 0, 2.5, 0.25, false, "%.2f");
    private final StepChart accuracy = new StepChart("accuracy (%)", 0, 100, 10, true, "%.0f");

    private final FxThrottle redraw = new FxThrottle((long) MIN_INTERVAL.toMillis(), this::redrawIfDue);
    private TrainingHistory history;
    private long firstStep;
    private long totalSteps;
    private boolean dirty;

    TrainingCharts() {
        loss.setId("loss-chart");
        loss.addSeries("batch loss", StepChart.Style.line(BATCH_LOSS, 1));
        loss.addSeries("smoothed", StepChart.Style.line(SMOOTH_LOSS, 2.5));
        loss.addSeries("test loss", StepChart.Style.dashedWithDots(TEST, 1.5));
        accuracy.setId("accuracy-chart");
        accuracy.addSeries("batch accuracy", StepChart.Style.line(BATCH_ACCURACY, 1));
        accuracy.addSeries("smoothed", StepChart.Style.line(SMOOTH_ACCURACY, 2.5));
        accuracy.addSeries("test accuracy", StepChart.Style.dashedWithDots(TEST, 1.5));
        for (StepChart chart : List.of(loss, accuracy)) {
            chart.getStyleClass().add("training-chart");
            chart.setMinHeight(180);
            VBox.setVgrow(chart, Priority.ALWAYS);
        }
        getChildren().addAll(loss, accuracy);
        setSpacing(6);
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

    /** Redraws from {@code history} now: steps {@code firstStep}..{@code totalSteps} on the x axis. */
    void refresh(TrainingHistory history, long firstStep, long totalSteps) {
        long from = Math.max(0, firstStep);
        long to = Math.max(from + 1, totalSteps);
        loss.setSteps(from, to);
        accuracy.setSteps(from, to);
        loss.setPoints(BATCH, history.batchLoss(MAX_POINTS), 1);
        loss.setPoints(SMOOTHED, history.smoothedLoss(SMOOTH_POINTS), 1);
        accuracy.setPoints(BATCH, history.batchAccuracy(MAX_POINTS), 100);
        accuracy.setPoints(SMOOTHED, history.smoothedAccuracy(SMOOTH_POINTS), 100);
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
        loss.setPoints(TEST_SET, new TrainingHistory.Points(x, testL, n), 1);
        accuracy.setPoints(TEST_SET, new TrainingHistory.Points(x, testA, n), 100);
        loss.redraw();
        accuracy.redraw();
    }

    /** 1, 2 or 5 times a power of ten, at least {@code raw} and at least 1 (for the step axis). */
    static double niceTick(double raw) {
        return raw <= 1 ? 1 : StepChart.niceTick(raw, new double[]{1, 2, 5});
    }

    StepChart lossChart() {
        return loss;
    }

    StepChart accuracyChart() {
        return accuracy;
    }
}
