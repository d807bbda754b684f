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
import com.digitstudio.train.TrainingControl;
import com.digitstudio.train.TrainingListener;
import com.digitstudio.train.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Measure the drawing path, single-image and batch inference, and (with --train-steps) training speed.")
final class BenchmarkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ModelOption model;
    @Mixin
    DataOption data;
    @Option(names = "--train-steps", defaultValue = "0", paramLabel = "N",
            description = "Also time N training steps of the fast preset (0: skip). Default: ${DEFAULT-VALUE}.")
    int trainSteps;
    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        Output output = new Output(spec.commandLine().getOut(), json);
        DigitClassifier classifier = model.load();
        Map<String, Object> fields = new LinkedHashMap<>();

        // strokes → 28×28 for a typical drawing (an "8" of 2 strokes, 240 points), warm
        Ink eight = typicalDrawing();
        InkRasterizer rasterizer = new InkRasterizer();
        for (int i = 0; i < 2_000; i++) {
            rasterizer.rasterize(eight);
        }
        double[] rasterUs = time(5_000, () -> rasterizer.rasterize(eight));
        fields.put("raster_points", eight.pointCount());
        fields.put("raster_us_median", TrainCommand.round(rasterUs[0], 1));
        fields.put("raster_us_p99", TrainCommand.round(rasterUs[1], 1));

        float[] input = rasterizer.rasterize(eight).orElseThrow();
        for (int i = 0; i < 50; i++) {
            classifier.predict(input);
        }
        double[] inferUs = time(300, () -> classifier.predict(input));
        fields.put("single_inference_ms_median", TrainCommand.round(inferUs[0] / 1000, 2));
        fields.put("single_inference_ms_p99", TrainCommand.round(inferUs[1] / 1000, 2));

        MnistSet test = data.load(MnistData.Split.TEST, spec.commandLine().getErr());
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
        double batchPerSecond = rounds * n / ((System.nanoTime() - t0) / 1e9);
        fields.put("batch_inference_samples_per_s", TrainCommand.round(batchPerSecond, 0));

        if (trainSteps > 0) {
            MnistSet train = data.load(MnistData.Split.TRAIN, spec.commandLine().getErr());
            Trainer trainer = Trainer.start(Preset.FAST.config().withSteps(trainSteps).withEvalEvery(0), train, null);
            TrainingResult result = trainer.run(new TrainingListener() { }, new TrainingControl());
            fields.put("train_steps", trainSteps);
            fields.put("train_samples_per_s", TrainCommand.round(result.samplesPerSecond(), 1));
        }
        fields.put("cores", Runtime.getRuntime().availableProcessors());
        StringBuilder text = new StringBuilder();
        fields.forEach((k, v) -> text.append(String.format("%-32s %s%n", k, v)));
        output.emit(fields, text.toString().strip());
        return 0;
    }

    /** Median and 99th percentile, in microseconds, of {@code runs} calls. */
    private static double[] time(int runs, Runnable action) {
        double[] us = new double[runs];
        for (int i = 0; i < runs; i++) {
            long start = System.nanoTime();
            action.run();
            us[i] = (System.nanoTime() - start) / 1e3;
        }
        Arrays.sort(us);
        return new double[]{us[runs / 2], us[(int) (runs * 0.99)]};
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
