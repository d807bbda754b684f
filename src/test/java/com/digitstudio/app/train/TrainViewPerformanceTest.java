package com.digitstudio.app.train;

import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.train.Preset;
import com.digitstudio.train.Trainer;
import com.digitstudio.train.TrainingConfig;
import com.digitstudio.train.TrainingControl;
import com.digitstudio.train.TrainingListener;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import static com.digitstudio.app.train.TrainViewHarness.fx;
import static com.digitstudio.app.train.TrainViewHarness.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same short run trained by the {@link Trainer} alone (as the command line does: on the calling thread, no
 * UI) and from the Train tab, alternately (trainer, tab, tab, trainer, twice, after one warm-up of each): the tab's
 * median training throughput must be at least 70% of the trainer's, and while the tab trains, the FX thread must
 * answer a probe posted every 50 ms within 250 ms (plus whatever delay this shared machine adds on its own,
 * measured by the same probes while the trainer runs alone and the FX thread has nothing to do) and spend
 * under a fifth of its time working. The figures go to target/train-benchmark.txt.
 */
@ExtendWith(ApplicationExtension.class)
class TrainViewPerformanceTest {
    private static final TrainingConfig RUN = Preset.FAST.config()
            .withSteps(30).withBatchSize(32).withEvalEvery(10).withCheckpointEvery(0);
    private static final long RESPONSIVE_NANOS = 250_000_000L;

    @TempDir
    Path temp;
    private Stage stage;
    private TrainViewHarness harness;

    @Start
    void start(Stage stage) {
        this.stage = stage;
    }

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void trainingFromTheTabIsAsFastAsTheTrainerAloneAndTheFxThreadStaysResponsive(FxRobot robot) throws Exception {
        MnistSet train = MnistData.load(TrainViewHarness.MINI, MnistData.Split.TRAIN);
        MnistSet test = MnistData.load(TrainViewHarness.MINI, MnistData.Split.TEST);
        harness = new TrainViewHarness(robot, stage, TrainViewHarness.miniOptions(temp));
        harness.configure(RUN.steps(), RUN.batchSize(), RUN.evalEvery());
        AtomicBoolean running = new AtomicBoolean();
        TrainViewHarness.fxRun(() -> harness.vm.trainingActiveProperty().addListener((obs, old, now) -> running.set(now)));

        // warm-up of both paths: JIT, native kernels, the view's first evaluation and notification
        direct(RUN, train, test);
        Probe firstRun = new Probe(running::get);
        fromTheTab();
        firstRun.stop();

        // two blocks of trainer, tab, tab, trainer: a load that drifts over the blocks weighs on both alike
        double[] direct = new double[4];
        double[] ui = new double[4];
        double[] directCpu = new double[4];
        double[] uiCpu = new double[4];
        Probe machine = null;
        Probe tab = null;
        int d = 0;
        int u = 0;
        for (char which : "DTTDDTTD".toCharArray()) {
            long cpu0 = processCpu();
            if (which == 'D') {
                Probe idleFx = new Probe(() -> true);
                direct[d] = direct(RUN, train, test);
                idleFx.stop();
                directCpu[d++] = (processCpu() - cpu0) / 1e9;
                machine = machine == null ? idleFx : machine.merge(idleFx);
            } else {
                Probe busyFx = new Probe(running::get);
                ui[u] = fromTheTab();
                busyFx.stop();
                uiCpu[u++] = (processCpu() - cpu0) / 1e9;
                tab = tab == null ? busyFx : tab.merge(busyFx);
            }
        }
        double medianDirect = median(direct);
        double medianUi = median(ui);
        String report = String.format(Locale.ROOT,
                "Train tab benchmark, %d steps of batch %d on the mini set (%d cores, load %.1f), after a warm-up of each: "
                        + "Trainer alone %s samples/s, from the tab %s samples/s: median %.1f vs %.1f = %.0f%%; "
                        + "process CPU per run (training, evaluations, UI) %.1f s alone vs %.1f s from the tab (median). "
                        + "FX probes while the tab trains: worst %d ms, p95 %d ms, FX thread busy %.1f%%; "
                        + "while the trainer runs alone (machine noise): worst %d ms; first run in this JVM: worst %d ms.%n",
                RUN.steps(), RUN.batchSize(), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                rounded(direct), rounded(ui), medianDirect, medianUi, 100 * medianUi / medianDirect,
                median(directCpu), median(uiCpu),
                tab.worst() / 1_000_000, tab.percentile(0.95) / 1_000_000, 100 * tab.fxBusy(),
                machine.worst() / 1_000_000, firstRun.worst() / 1_000_000);
        System.out.print(report);
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target", "train-benchmark.txt"), report, StandardOpenOption.CREATE, StandardOpenOption.APPEND);

        assertThat(medianUi).as("median samples/s from the tab vs the trainer alone").isGreaterThanOrEqualTo(0.7 * medianDirect);
        assertThat(tab.worst()).as("worst FX probe latency while the tab trains, ns")
                .isLessThan(RESPONSIVE_NANOS + machine.worst());
        assertThat(tab.percentile(0.95)).as("95th-percentile FX probe latency, ns").isLessThan(RESPONSIVE_NANOS);
        assertThat(tab.fxBusy()).as("share of the run the FX thread was working").isLessThan(0.2);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** CPU time of this whole process (all threads, native ones included), ns. */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String rounded(double[] values) {
        return Arrays.toString(Arrays.stream(values).map(v -> Math.round(v * 10) / 10.0).toArray());
    }

    /** Samples per second of training (evaluations excluded), trained on the calling thread. */
    private static double direct(TrainingConfig config, MnistSet train, MnistSet test) throws Exception {
        return Trainer.start(config, train, test).run(new TrainingListener() {
        }, new TrainingControl()).samplesPerSecond();
    }

    private double fromTheTab() throws Exception {
        harness.click("#train");
        waitUntil(60, () -> harness.vm.trainingActiveProperty().get());
        harness.awaitEnd(300);
        assertThat(harness.phase()).isEqualTo(TrainViewModel.Phase.FINISHED);
        waitUntil(10, () -> harness.points("#loss-chart", 0) == RUN.steps());
        return fx(() -> harness.vm.lastRunSamplesPerSecond());
    }

    /**
     * Posts a runnable to the FX thread every 50 ms (while {@code window} says so) and records how long each
     * waited; measures the FX thread's CPU time meanwhile.
     */
    private static final class Probe {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        private final long fxThread = fx(() -> Thread.currentThread().getId());
        private final long fxCpuStart = THREADS.getThreadCpuTime(fxThread);
        private final long start = System.nanoTime();
        private long fxCpu;
        private long elapsed;

        Probe(BooleanSupplier window) {
            timer.scheduleAtFixedRate(() -> {
                if (window.getAsBoolean()) {
                    long posted = System.nanoTime();
                    Platform.runLater(() -> latencies.add(System.nanoTime() - posted));
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
        }

        void stop() throws InterruptedException {
            timer.shutdownNow();
            timer.awaitTermination(5, TimeUnit.SECONDS);
            fx(() -> null); // the probes already posted have run
            fxCpu = THREADS.getThreadCpuTime(fxThread) - fxCpuStart;
            elapsed = System.nanoTime() - start;
        }

        Probe merge(Probe other) {
            latencies.addAll(other.latencies);
            fxCpu += other.fxCpu;
            elapsed += other.elapsed;
            return this;
        }

        long worst() {
            return latencies.stream().mapToLong(Long::longValue).max().orElse(0);
        }

        long percentile(double p) {
            long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
            return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
        }

        double fxBusy() {
            return elapsed == 0 ? 0 : (double) fxCpu / elapsed;
        }
    }
}
