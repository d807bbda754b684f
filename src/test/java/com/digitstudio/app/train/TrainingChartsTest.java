package com.digitstudio.app.train;

import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javafx.scene.paint.Color;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.util.SplittableRandom;

import static com.digitstudio.app.train.TrainViewHarness.fx;
import static com.digitstudio.app.train.TrainViewHarness.fxRun;
import static org.assertj.core.api.Assertions.assertThat;

/** The charts of a 20,000-step run (the tutorial's length): decimated, fitted, and actually drawn. */
@ExtendWith(ApplicationExtension.class)
class TrainingChartsTest {
    private TrainingCharts charts;

    @Start
    void start(Stage stage) {
        charts = new TrainingCharts();
        stage.setScene(new Scene(charts, 800, 600));
        stage.show();
    }

    private static TrainingHistory run(int steps) {
        TrainingHistory history = new TrainingHistory();
        SplittableRandom random = new SplittableRandom(1);
        for (int step = 1; step <= steps; step++) {
            history.addStep(step, 2.3 * Math.exp(-step / 3000.0) + random.nextDouble() * 0.3, Math.min(0.99, step / 4000.0));
            if (step % 1000 == 0) {
                history.addEvaluation(step, Math.min(0.99, step / 4000.0), 0.1);
            }
        }
        return history;
    }

    @Test
    void aTwentyThousandStepRunIsDrawnWithAtMost500PointsPerSeriesAndADotPerEvaluation() {
        TrainingHistory history = run(20_000);
        fxRun(() -> charts.refresh(history, 0, 20_000));

        for (StepChart chart : new StepChart[]{charts.lossChart(), charts.accuracyChart()}) {
            for (int s = 0; s < chart.seriesCount(); s++) {
                assertThat(chart.pointCount(s)).as(chart.seriesName(s)).isPositive().isLessThanOrEqualTo(TrainingCharts.MAX_POINTS);
            }
            assertThat(chart.pointCount(TrainingCharts.TEST_SET)).as("20 test evaluations").isEqualTo(20);
        }
        WritableImage loss = fx(() -> charts.lossChart().snapshot(null, null));
        assertThat(pixelsNear(loss, TrainingCharts.SMOOTH_LOSS)).as("the smoothed loss is drawn").isGreaterThan(150);
        assertThat(pixelsNear(loss, TrainingCharts.TEST)).as("the test dots and line are drawn").isGreaterThan(100);
        WritableImage accuracy = fx(() -> charts.accuracyChart().snapshot(null, null));
        assertThat(pixelsNear(accuracy, TrainingCharts.SMOOTH_ACCURACY)).as("the smoothed accuracy is drawn").isGreaterThan(150);
    }

    @Test
    void theLossAxisStartsAtZeroToTwoAndAHalfAndThenFitsTheHighestValueShown() {
        fxRun(() -> charts.refresh(new TrainingHistory(), 0, 100));
        assertThat(fx(() -> charts.lossChart().yRange())).containsExactly(0, 2.5, 0.25);

        TrainingHistory high = new TrainingHistory();
        high.addStep(1, 7.3, 0.1);
        high.addStep(2, 3.0, 0.2);
        fxRun(() -> charts.refresh(high, 0, 100));
        double[] range = fx(() -> charts.lossChart().yRange());
        assertThat(range[0]).isZero();
        assertThat(range[1]).as("top").isGreaterThanOrEqualTo(7.3).isLessThan(7.3 + range[2]);

        assertThat(fx(() -> charts.accuracyChart().yRange())).as("accuracy stays 0..100").containsExactly(0, 100, 10);
    }

    @Test
    void aDivergedLossIsLeftOutOfTheLinesAndTheAxisInsteadOfBreakingTheChart() {
        TrainingHistory history = new TrainingHistory();
        for (int step = 1; step <= 100; step++) {
            double loss = step == 50 ? Double.POSITIVE_INFINITY : step == 51 ? Double.NaN : 2.0 - step / 100.0;
            history.addStep(step, loss, 0.5);
        }
        history.addEvaluation(40, 0.6, 1.2);
        history.addEvaluation(60, 0.5, Double.NaN);
        fxRun(() -> charts.refresh(history, 0, 100));

        double[] range = fx(() -> charts.lossChart().yRange());
        assertThat(range[1]).as("the top fits the finite values").isGreaterThanOrEqualTo(1.99).isLessThan(2.5);
        WritableImage loss = fx(() -> charts.lossChart().snapshot(null, null));
        assertThat(pixelsNear(loss, TrainingCharts.TEST)).as("the finite test dot is drawn").isGreaterThan(20);
        assertThat(pixelsNear(loss, TrainingCharts.SMOOTH_LOSS)).as("the smoothed line up to the divergence is drawn").isGreaterThan(200);
    }

    @Test
    void niceTicksAreOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
        assertThat(StepChart.niceTick(0.24)).isEqualTo(0.25);
        assertThat(StepChart.niceTick(0.7)).isEqualTo(1);
        assertThat(StepChart.niceTick(0.011)).isEqualTo(0.02, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(StepChart.niceTick(150)).isEqualTo(200);
        assertThat(TrainingCharts.niceTick(2_500)).isEqualTo(5_000);
    }

    /** Pixels within a small distance of {@code color} (opaque colours only). */
    private static int pixelsNear(WritableImage image, Color color) {
        PixelReader reader = image.getPixelReader();
        int count = 0;
        for (int y = 0; y < (int) image.getHeight(); y++) {
            for (int x = 0; x < (int) image.getWidth(); x++) {
                Color c = reader.getColor(x, y);
                double d = Math.abs(c.getRed() - color.getRed()) + Math.abs(c.getGreen() - color.getGreen())
                        + Math.abs(c.getBlue() - color.getBlue());
                if (d < 0.12) {
                    count++;
                }
            }
        }
        return count;
    }
}
