package com.digitstudio.app.inside;

import com.digitstudio.app.WindowFixture;
import com.digitstudio.app.draw.DrawViewModel;
import com.digitstudio.app.draw.DrawnDigits;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static com.digitstudio.app.WindowFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pen drawing digits at 100 points a second, once with the Draw tab showing and once with the Inside tab (which
 * redraws every layer and asks for a saliency map on every prediction): the model's time per prediction must stay
 * within 2 ms of the Draw tab's, and the FX thread must answer a probe posted every 20 ms promptly. The figures go
 * to target/inside-responsiveness.txt.
 */
@ExtendWith(ApplicationExtension.class)
class InsideTabResponsivenessTest {
    private WindowFixture window;

    @Start
    void start(Stage stage) {
        window = new WindowFixture(stage);
    }

    @AfterEach
    void closeWindow() {
        window.close();
    }

    /** What one pass of drawing measured: prediction times (ms) and FX probe delays (ms). */
    private record Run(double[] predictionMillis, double[] probeMillis) {
        double median() {
            return percentile(predictionMillis, 0.5);
        }
    }

    @Test
    void drawingWithTheInsideTabOpenKeepsPredictionsAsFastAndTheFxThreadResponsive() throws IOException {
        DrawViewModel vm = fx(() -> window.view.drawView().viewModel());
        draw(vm, 1); // warm-up: JIT, the first prediction on the inference thread, the tab's first drawing
        fx(() -> {
            window.view.insideTab().getTabPane().getSelectionModel().select(window.view.insideTab());
            return null;
        });
        draw(vm, 1);
        Run inside = draw(vm, 3);
        fx(() -> {
            window.view.insideTab().getTabPane().getSelectionModel().select(0);
            return null;
        });
        Run drawTab = draw(vm, 3);

        String report = String.format(Locale.ROOT, "prediction ms, median: Draw tab %.2f, Inside tab %.2f (%d and %d predictions)%n"
                        + "FX probe delay with the Inside tab, ms: p95 %.1f, worst %.1f; with the Draw tab: p95 %.1f, worst %.1f%n",
                drawTab.median(), inside.median(), drawTab.predictionMillis().length, inside.predictionMillis().length,
                percentile(inside.probeMillis(), 0.95), percentile(inside.probeMillis(), 1),
                percentile(drawTab.probeMillis(), 0.95), percentile(drawTab.probeMillis(), 1));
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "inside-responsiveness.txt"), report);

        assertThat(inside.predictionMillis()).hasSizeGreaterThan(10);
        assertThat(inside.median()).as(report).isLessThan(drawTab.median() + 2);
        // the bar is 50 ms on the development machine; a shared CI machine gets twice that
        assertThat(percentile(inside.probeMillis(), 0.95)).as(report).isLessThan(100);
    }

    /** Draws seven, four and zero {@code rounds} times as a pen would (100 points a second), clearing between. */
    private Run draw(DrawViewModel vm, int rounds) {
        List<Double> predictions = new ArrayList<>();
        javafx.beans.value.ChangeListener<Number> listener = (obs, old, now) -> predictions.add(now.doubleValue());
        fx(() -> {
            vm.inferenceMillisProperty().addListener(listener);
            return null;
        });
        ConcurrentLinkedQueue<Double> probes = new ConcurrentLinkedQueue<>();
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        timer.scheduleAtFixedRate(() -> {
            long posted = System.nanoTime();
            Platform.runLater(() -> probes.add((System.nanoTime() - posted) / 1e6));
        }, 0, 20, TimeUnit.MILLISECONDS);
        long time = 0;
        for (int round = 0; round < rounds; round++) {
            for (double[][] digit : new double[][][]{DrawnDigits.SEVEN, DrawnDigits.FOUR, DrawnDigits.ZERO}) {
                for (double[] polyline : digit) {
                    List<double[]> points = DrawnDigits.densify(polyline, 0.015);
                    for (int i = 0; i < points.size(); i++) {
                        double x = points.get(i)[0] * 400;
                        double y = points.get(i)[1] * 400;
                        long t = time += 10;
                        boolean first = i == 0;
                        Platform.runLater(() -> {
                            if (first) {
                                vm.beginStroke(x, y, t);
                            } else {
                                vm.extendStroke(x, y, t);
                            }
                        });
                        LockSupport.parkNanos(10_000_000); // the pen's pace, not a wait for a result
                    }
                    Platform.runLater(vm::endStroke);
                }
                waitUntil("the last prediction", () -> !fx(() -> vm.busyProperty().get()));
                fx(() -> {
                    vm.clear();
                    return null;
                });
            }
        }
        timer.shutdownNow();
        fx(() -> {
            vm.inferenceMillisProperty().removeListener(listener);
            return null;
        });
        return new Run(predictions.stream().mapToDouble(Double::doubleValue).toArray(),
                probes.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
    }

    private static <T> T fx(Callable<T> callable) {
        return WaitForAsyncUtils.waitForAsyncFx(10_000, callable);
    }
}
