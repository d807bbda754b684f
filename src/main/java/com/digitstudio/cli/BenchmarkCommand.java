package com.digitstudio.cli;

import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.ink.Ink;
import com.digitstudio.ink.InkPoint;
import com.digitstudio.ink.InkRasterizer;
import com.digitstudio.ink.Stroke;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.train.Preset;
import com.digitstudio.train.Trainer;
import com.digitstudio.train.TrainingConfig;
import com.digitstudio.train.TrainingControl;
import com.digitstudio.train.TrainingListener;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = {"Measure the drawing path, single-image and batch inference, and (with --train-steps) training "
                + "speed, alone and beside a prediction workload, as the app runs them.",
                "Run it on a quiet machine: anything running beside it changes its figures."})
final class BenchmarkCommand implements Callable<Integer> {
    /** Steps left out of the training speed: the first ones pay for warming up. */
    static final int WARM_UP_STEPS = 20;
    static final int PREDICTIONS = 2_000;
    static final int REFERENCE_STEPS = 30;
    static final int REFERENCE_WARM_UP_STEPS = 5;

    @Spec
    CommandSpec spec;
    @Mixin
    ModelOption model;
    @Mixin
    DataOption data;
    @Option(names = "--train-steps", defaultValue = "0", paramLabel = "N",
            description = "Also time N training steps of the fast preset, plain and augmented (the two runs take turns "
                    + "of " + TrainingSpeeds.TURN_STEPS + " steps, so both see the same machine), and predictions "
                    + "while training runs (0: skip). Default: ${DEFAULT-VALUE}.")
    int trainSteps;
    @Option(names = "--reference", description = "Also train the same network as a DL4J MultiLayerNetwork on the same batches ("
            + REFERENCE_STEPS + " steps, spread between the other runs' steps; it is ~10× slower).")
    boolean reference;
    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        if (trainSteps < 0 || (trainSteps > 0 && trainSteps <= WARM_UP_STEPS)) {
            throw new ParameterException(spec.commandLine(), "--train-steps must be 0 or more than " + WARM_UP_STEPS
                    + " (the first " + WARM_UP_STEPS + " steps are left out as warm-up), not " + trainSteps + ".");
        }
        Output output = new Output(spec.commandLine().getOut(), json);
        DigitClassifier classifier = model.load();
        Map<String, Object> fields = new LinkedHashMap<>();
        ExecutorService inference = Executors.newSingleThreadExecutor(named("digit-studio-inference"));
        try {
            Ink eight = typicalDrawing();
            InkRasterizer rasterizer = new InkRasterizer();
            float[] input = rasterizer.rasterize(eight).orElseThrow();
            // everything on the inference thread, as in the app
            inference.submit(() -> {
                for (int i = 0; i < 5_000; i++) {
                    rasterizer.rasterize(eight);
                }
                double[] rasterUs = time(5_000, () -> rasterizer.rasterize(eight));
                fields.put("raster_points", eight.pointCount());
                fields.put("raster_us_median", round(percentile(rasterUs, 0.5), 1));
                fields.put("raster_us_p99", round(percentile(rasterUs, 0.99), 1));
                for (int i = 0; i < 300; i++) {
                    classifier.predict(input);
                }
                double[] inferUs = time(PREDICTIONS, () -> classifier.predict(input));
                fields.put("single_inference_ms_median", round(percentile(inferUs, 0.5) / 1000, 2));
                fields.put("single_inference_ms_p99", round(percentile(inferUs, 0.99) / 1000, 2));
                double[] predictUs = time(PREDICTIONS, () -> classifier.predict(rasterizer.rasterize(eight).orElseThrow()));
                fields.put("predict_calls", PREDICTIONS);
                fields.put("predict_median_ms", round(percentile(predictUs, 0.5) / 1000, 2));
                fields.put("predict_p95_ms", round(percentile(predictUs, 0.95) / 1000, 2));
                fields.put("predict_p99_ms", round(percentile(predictUs, 0.99) / 1000, 2));
                if (classifier instanceof com.digitstudio.model.CnnNetwork network) {
                    // what the app does: the same pass with every layer copied out for the Inside tab
                    double[] layersUs = time(PREDICTIONS, () -> network.activations(rasterizer.rasterize(eight).orElseThrow()));
                    fields.put("predict_with_layers_p95_ms", round(percentile(layersUs, 0.95) / 1000, 2));
                    double[] saliencyUs = time(500, () -> network.logitGradients(input, new int[]{8}));
                    fields.put("saliency_ms_median", round(percentile(saliencyUs, 0.5) / 1000, 2));
                }
                return null;
            }).get();

            MnistSet test = data.load(MnistData.Split.TEST, spec.commandLine().getErr());
            fields.put("batch_inference_samples_per_s", round(batchThroughput(classifier, test), 0));

            if (trainSteps > 0) {
                MnistSet train = data.load(MnistData.Split.TRAIN, spec.commandLine().getErr());
                TrainingConfig plain = Preset.FAST.config().withSteps(trainSteps).withEvalEvery(0);
                fields.put("train_steps", trainSteps);
                double stealBefore = StealTime.seconds();
                long start = System.nanoTime();
                TrainingSpeeds.Speeds speeds = TrainingSpeeds.measure(plain, plain.withAugment(true), train,
                        WARM_UP_STEPS, reference ? REFERENCE_STEPS : 0, REFERENCE_WARM_UP_STEPS);
                double cpuSeconds = (System.nanoTime() - start) / 1e9 * Runtime.getRuntime().availableProcessors();
                fields.put("train_samples_per_s", round(speeds.plain(), 1));
                fields.put("train_augmented_samples_per_s", round(speeds.augmented(), 1));
                double steal = StealTime.seconds() - stealBefore;
                if (Double.isFinite(steal)) {
                    // the share of the machine's CPU time the host took while the training figures were measured
                    fields.put("train_cpu_steal_percent", round(100 * steal / cpuSeconds, 1));
                }
                fields.put("predict_while_training_p95_ms",
                        round(predictWhileTraining(classifier, rasterizer, eight, inference, plain, train), 2));
                if (reference) {
                    fields.put("reference_train_steps", REFERENCE_STEPS);
                    fields.put("reference_train_samples_per_s", round(speeds.reference(), 1));
                }
            }
        } finally {
            inference.shutdownNow();
        }
        fields.put("cores", Runtime.getRuntime().availableProcessors());
        StringBuilder text = new StringBuilder();
        fields.forEach((k, v) -> text.append(String.format("%-32s %s%n", k, v)));
        output.emit(fields, text.toString().strip());
        return 0;
    }

    private static double batchThroughput(DigitClassifier classifier, MnistSet test) {
        int n = Math.min(1000, test.size());
        float[] batch = new float[n * MnistSet.PIXELS];
        for (int i = 0; i < n; i++) {
            test.copyPixels(i, batch, i * MnistSet.PIXELS);
        }
        classifier.predict(batch, n);
        long t0 = System.nanoTime();
        int rounds = 3;
        for (int r = 0; r < rounds; r++) {
            classifier.predict(batch, n);
        }
        return rounds * n / ((System.nanoTime() - t0) / 1e9);
    }

    /**
     * The 95th percentile of strokes → probabilities on the inference thread while a training run goes on in
     * this process on its own thread, as in the app: a prediction every 10 ms (a pen sampled at 100 Hz).
     */
    private static double predictWhileTraining(DigitClassifier classifier, InkRasterizer rasterizer, Ink ink,
                                               ExecutorService inference, TrainingConfig config, MnistSet train) throws Exception {
        TrainingControl control = new TrainingControl();
        ExecutorService training = Executors.newSingleThreadExecutor(named("digit-studio-training"));
        try {
            java.util.concurrent.CountDownLatch warm = new java.util.concurrent.CountDownLatch(1);
            Future<?> run = training.submit(() -> Trainer.start(config.withSteps(1_000_000), train, null).run(new TrainingListener() {
                @Override
                public void onStep(Step step) {
                    if (step.step() == WARM_UP_STEPS) {
                        warm.countDown();
                    }
                }
            }, control));
            List<Double> us = new ArrayList<>();
            inference.submit(() -> {
                while (!warm.await(100, TimeUnit.MILLISECONDS) && !run.isDone()) {
                    // the training run is still warming up
                }
                for (int i = 0; i < 1_000 && !run.isDone(); i++) {
                    long t0 = System.nanoTime();
                    classifier.predict(rasterizer.rasterize(ink).orElseThrow());
                    us.add((System.nanoTime() - t0) / 1e3);
                    java.util.concurrent.locks.LockSupport.parkNanos(10_000_000);
                }
                return null;
            }).get();
            control.stop();
            run.get();
            return percentile(us.stream().mapToDouble(Double::doubleValue).toArray(), 0.95) / 1000;
        } finally {
            control.stop();
            training.shutdown();
            training.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Microseconds of each of {@code runs} calls. */
    private static double[] time(int runs, Runnable action) {
        double[] us = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            action.run();
            us[i] = (System.nanoTime() - start) / 1e3;
        }
        return us;
    }

    static double percentile(double[] values, double fraction) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(fraction * sorted.length))];
    }

    private static double round(double value, int digits) {
        return TrainCommand.round(value, digits);
    }

    /** An "8" drawn as two strokes of 120 points each, as a mouse would sample it on a 400-pixel canvas. */
    static Ink typicalDrawing() {
        List<Stroke> strokes = new ArrayList<>();
        for (int s = 0; s < 2; s++) {
            List<InkPoint> points = new ArrayList<>();
            double cy = s == 0 ? 120 : 260;
            double r = s == 0 ? 60 : 75;
            for (int i = 0; i < 120; i++) {
                double a = 2 * Math.PI * i / 119;
                points.add(new InkPoint(200 + r * Math.sin(a), cy - r * Math.cos(a), i * 8L));
            }
            strokes.add(new Stroke(points));
        }
        return new Ink(strokes);
    }
}
