package com.digitstudio.app.train;

import javafx.scene.Scene;
import javafx.scene.chart.LineChart;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.SplittableRandom;

import static com.digitstudio.app.train.TrainViewHarness.fx;
import static org.assertj.core.api.Assertions.assertThat;

/** The charts of a 20,000-step run (the tutorial's length) stay cheap to redraw. */
@ExtendWith(ApplicationExtension.class)
class TrainingChartsTest {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();
    private TrainingCharts charts;

    @Start
    void start(Stage stage) {
        charts = new TrainingCharts();
        stage.setScene(new Scene(charts, 800, 600));
        stage.show();
    }

    @Test
    void aTwentyThousandStepRunIsDrawnWithAtMost500PointsPerSeriesAndRedrawsQuickly() {
        TrainingHistory history = new TrainingHistory();
        SplittableRandom random = new SplittableRandom(1);
        double[] millis = new double[40];
        for (int refresh = 0; refresh < 40; refresh++) {
            // 500 more steps, then one redraw with its CSS and layout pass, timed: 40 redraws as the run grows
            for (int i = 0; i < 500; i++) {
                int step = history.size() + 1;
                history.addStep(step, 2.3 * Math.exp(-step / 3000.0) + random.nextDouble() * 0.3, Math.min(0.99, step / 4000.0));
                if (step % 1000 == 0) {
                    history.addEvaluation(step, Math.min(0.99, step / 4000.0), 0.1);
                }
            }
            millis[refresh] = fx(() -> {
                // CPU time of the FX thread, not wall-clock: other processes share this machine
                long t0 = CPU.getCurrentThreadCpuTime();
                charts.refresh(history, 0, 20_000);
                charts.applyCss();
                charts.layout();
                return (CPU.getCurrentThreadCpuTime() - t0) / 1e6;
            });
        }

        for (LineChart<?, ?> chart : new LineChart<?, ?>[]{charts.lossChart(), charts.accuracyChart()}) {
            for (var series : chart.getData()) {
                assertThat(series.getData().size()).as(series.getName()).isLessThanOrEqualTo(TrainingCharts.MAX_POINTS);
            }
        }
        assertThat(charts.lossChart().getData().get(2).getData()).as("20 test evaluations").hasSize(20);
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        System.out.printf("chart redraw at 20,000 steps: median %.1f CPU ms, worst %.1f, each %s%n",
                sorted[20], sorted[39], Arrays.toString(millis));
        // the view also spaces redraws by at least 5x their cost, so the FX thread is never more than a fifth busy
        assertThat(sorted[20]).as("median redraw with layout, CPU ms").isLessThan(40);
    }
}
