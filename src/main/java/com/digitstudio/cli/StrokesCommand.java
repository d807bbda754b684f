package com.digitstudio.cli;

import com.digitstudio.eval.Evaluation;
import com.digitstudio.eval.StrokeEvaluation;
import com.digitstudio.ink.InkFiles;
import com.digitstudio.ink.InkRasterizer;
import com.digitstudio.ink.LabelledInk;
import com.digitstudio.model.DigitClassifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

@Command(name = "strokes", mixinStandardHelpOptions = true,
        description = "Replay labelled pen strokes (JSON Lines) through the drawing path and a model; print accuracy and confusions.")
final class StrokesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ModelOption model;
    @Option(names = "--input", required = true, paramLabel = "FILE",
            description = "JSON Lines (.jsonl or .jsonl.gz): {\"label\": 0-9, \"strokes\": [[[x, y], ...], ...]} per line; an optional \"ppi\": [x, y] corrects axes of different resolution.")
    Path input;
    @Option(names = "--pen-radius", paramLabel = "PX", description = "Pen radius in 28×28 pixels (default: the app's).")
    Double penRadius;
    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;
    @Option(names = "--misses-png", paramLabel = "FILE",
            description = "Also write a PNG contact sheet of the misread drawings as the model saw them (28×28 each, up to 400).")
    Path missesPng;
    @Option(names = "--by", paramLabel = "FIELD",
            description = "Also give the accuracy per value of this field of each line (e.g. site or writer), worst first.")
    String by;

    /** Accuracy among the drawings of one group. */
    record GroupScore(String group, int examples, int correct) {
        double accuracy() {
            return examples == 0 ? 0 : (double) correct / examples;
        }
    }

    @Override
    public Integer call() throws Exception {
        Output output = new Output(spec.commandLine().getOut(), json);
        if (penRadius != null && !(penRadius > 0 && penRadius < 6)) {
            throw new IllegalArgumentException("--pen-radius must be above 0 and below 6 pixels (got " + penRadius + ").");
        }
        if (missesPng != null) {
            OutputPaths.checkWritable(missesPng, "--misses-png");
        }
        DigitClassifier classifier = model.load();
        List<LabelledInk> samples = InkFiles.read(input, by);
        InkRasterizer rasterizer = penRadius == null ? new InkRasterizer() : new InkRasterizer(penRadius);
        long start = System.nanoTime();
        StrokeEvaluation.Result result = StrokeEvaluation.evaluate(classifier, samples, rasterizer);
        double seconds = (System.nanoTime() - start) / 1e9;
        Evaluation e = result.evaluation();

        Map<String, Object> perDigit = new LinkedHashMap<>();
        for (int d = 0; d < 10; d++) {
            perDigit.put(Integer.toString(d), TrainCommand.round(e.accuracyOf(d), 4));
        }
        List<Map<String, Object>> confusions = new ArrayList<>();
        for (int a = 0; a < 10; a++) {
            for (int p = 0; p < 10; p++) {
                if (a != p && e.confusion()[a][p] > 0) {
                    confusions.add(Map.of("actual", a, "predicted", p, "count", e.confusion()[a][p]));
                }
            }
        }
        confusions.sort((x, y) -> Integer.compare((int) y.get("count"), (int) x.get("count")));
        List<Map<String, Object>> top = confusions.subList(0, Math.min(10, confusions.size()));

        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("model", classifier.info().name());
        fields.put("accuracy", e.accuracy());
        fields.put("examples", e.examples());
        fields.put("skipped_empty", result.skipped());
        fields.put("per_digit_accuracy", perDigit);
        fields.put("top_confusions", top);
        fields.put("confusion", e.confusion());
        fields.put("pen_radius", rasterizer.penRadius());
        fields.put("mean_ink", TrainCommand.round(result.meanInk(), 1));
        fields.put("raster_us_per_drawing", TrainCommand.round(result.microsecondsPerDrawing(), 1));
        fields.put("seconds", TrainCommand.round(seconds, 2));

        StringBuilder text = new StringBuilder(String.format("%s on %s: accuracy %.2f%% (%d of %d drawings)%n",
                classifier.info().name(), input.getFileName(), e.accuracy() * 100, e.correct(), e.examples()));
        text.append("per digit: ");
        perDigit.forEach((d, a) -> text.append(String.format("%s %.1f%%  ", d, (double) a * 100)));
        text.append(System.lineSeparator()).append("most confused (actual → predicted): ");
        for (Map<String, Object> c : top) {
            text.append(String.format("%s→%s ×%s  ", c.get("actual"), c.get("predicted"), c.get("count")));
        }
        text.append(System.lineSeparator()).append(String.format("strokes → 28×28: %.1f µs per drawing", result.microsecondsPerDrawing()));
        if (by != null) {
            List<GroupScore> groups = groupScores(samples, e);
            List<Map<String, Object>> rows = new ArrayList<>();
            for (GroupScore g : groups) {
                rows.add(Map.of("group", g.group(), "accuracy", TrainCommand.round(g.accuracy(), 4), "examples", g.examples()));
            }
            fields.put("by_" + by, rows);
            int shown = groups.size() <= 20 ? groups.size() : 15;
            text.append(System.lineSeparator()).append(String.format("by %s (%d groups, worst first): ", by, groups.size()));
            for (GroupScore g : groups.subList(0, shown)) {
                text.append(String.format("%s %.1f%% (%d)  ", g.group(), g.accuracy() * 100, g.examples()));
            }
            if (shown < groups.size()) {
                text.append(String.format("… %d more (--json lists all)", groups.size() - shown));
            }
        }
        output.emit(fields, text.toString());
        if (missesPng != null) {
            writeMisses(e, samples, rasterizer);
        }
        return 0;
    }

    /** Accuracy per group of the drawings that were scored (empty ones are not), worst first. */
    static List<GroupScore> groupScores(List<LabelledInk> samples, Evaluation e) {
        Set<Integer> missed = new HashSet<>();
        for (Evaluation.Miss miss : e.misclassified()) {
            missed.add(miss.index());
        }
        Map<String, int[]> counts = new TreeMap<>();
        for (int i = 0; i < samples.size(); i++) {
            LabelledInk sample = samples.get(i);
            if (sample.ink().isEmpty()) {
                continue;
            }
            int[] c = counts.computeIfAbsent(sample.group(), k -> new int[2]);
            c[0]++;
            if (!missed.contains(i)) {
                c[1]++;
            }
        }
        List<GroupScore> scores = new ArrayList<>();
        counts.forEach((group, c) -> scores.add(new GroupScore(group, c[0], c[1])));
        scores.sort(Comparator.comparingDouble(GroupScore::accuracy).thenComparing(GroupScore::group));
        return scores;
    }

    /** A grid of misread drawings, 28×28 each at 3× scale, sorted by actual digit, with the label colours. */
    private void writeMisses(Evaluation e, List<LabelledInk> samples, InkRasterizer rasterizer) throws IOException {
        List<Evaluation.Miss> misses = new ArrayList<>(e.misclassified());
        misses.sort(Comparator.comparingInt(Evaluation.Miss::actual).thenComparingInt(Evaluation.Miss::predicted));
        misses = misses.subList(0, Math.min(400, misses.size()));
        int columns = 20;
        int cell = 28 * 3 + 16;
        int rows = Math.max(1, (misses.size() + columns - 1) / columns);
        BufferedImage sheet = new BufferedImage(columns * cell, rows * cell,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = sheet.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int k = 0; k < misses.size(); k++) {
            Evaluation.Miss miss = misses.get(k);
            float[] pixels = rasterizer.rasterize(samples.get(miss.index()).ink()).orElseThrow();
            int ox = (k % columns) * cell;
            int oy = (k / columns) * cell;
            for (int i = 0; i < 784; i++) {
                int v = 255 - Math.round(pixels[i] * 255);
                g.setColor(new Color(v, v, v));
                g.fillRect(ox + (i % 28) * 3, oy + (i / 28) * 3, 3, 3);
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString(miss.actual() + "→" + miss.predicted() + String.format(" %.0f%%", miss.probability() * 100), ox + 2, oy + 28 * 3 + 12);
        }
        g.dispose();
        com.digitstudio.support.AtomicFiles.write(missesPng, out -> {
            if (!ImageIO.write(sheet, "png", out)) {
                throw new java.io.IOException("This Java has no PNG writer.");
            }
        });
    }
}
