package com.digitstudio.adapt;

import com.digitstudio.data.MnistSet;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelInfo;
import com.digitstudio.model.TrainingBatch;
import com.digitstudio.support.Progress;
import com.digitstudio.train.Augmenter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Teaches a copy of a network a person's drawings (see {@link AdaptConfig} for how and why). */
public final class FineTuner {
    /** One drawing as the network sees it: 784 pixels in 0..1 (the app's 28×28 image of the strokes) and its digit. */
    public record Shot(float[] pixels, int label) {
        public Shot {
            if (pixels.length != DigitClassifier.INPUTS || label < 0 || label > 9) {
                throw new IllegalArgumentException("a shot is 784 pixels and a digit 0-9");
            }
        }
    }

    /** The share of {@code shots} that {@code model} reads right, in one batch; NaN for none. */
    public static double accuracy(DigitClassifier model, List<Shot> shots) {
        if (shots.isEmpty()) {
            return Double.NaN;
        }
        float[] pixels = new float[shots.size() * DigitClassifier.INPUTS];
        for (int i = 0; i < shots.size(); i++) {
            System.arraycopy(shots.get(i).pixels(), 0, pixels, i * DigitClassifier.INPUTS, DigitClassifier.INPUTS);
        }
        float[][] p = model.predict(pixels, shots.size());
        int correct = 0;
        for (int i = 0; i < shots.size(); i++) {
            correct += com.digitstudio.eval.Evaluator.argmax(p[i]) == shots.get(i).label() ? 1 : 0;
        }
        return (double) correct / shots.size();
    }

    private static final List<String> DENSE = List.of("dense_w", "dense_b", "logits_w", "logits_b");

    private FineTuner() {
    }

    /**
     * A copy of {@code base} fine-tuned on {@code shots}, rehearsing on {@code rehearsal} (MNIST's training set;
     * {@code null}: the user's drawings alone, which risks forgetting other hands). {@code base} is not changed.
     *
     * @throws java.util.concurrent.CancellationException once {@code progress} is cancelled
     */
    public static CnnNetwork adapt(CnnNetwork base, List<Shot> shots, MnistSet rehearsal, AdaptConfig config,
                                   Progress progress) {
        if (shots.isEmpty()) {
            throw new IllegalArgumentException("there are no drawings to learn from");
        }
        ModelInfo info = base.info();
        CnnNetwork network = CnnNetwork.fromParameters(base.parameters(), info);
        Map<String, INDArray> params = network.parameters();
        Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
        Adam adam = new Adam(config.learningRate());
        for (Map.Entry<String, INDArray> p : params.entrySet()) {
            if (config.tuneConvolutions() || DENSE.contains(p.getKey())) {
                long size = adam.stateSize(p.getValue().length());
                updaters.put(p.getKey(), adam.instantiate(Nd4j.zeros(DataType.FLOAT, 1, size), true));
            }
        }
        int n = config.batch();
        int user = rehearsal == null ? n : config.userPerBatch();
        int pixels = DigitClassifier.INPUTS;
        Augmenter augmenter = new Augmenter();
        SplittableRandom random = new SplittableRandom(config.seed());
        double keepProbability = 1 - config.dropout();
        float kept = (float) (1 / keepProbability);
        for (int step = 0; step < config.steps(); step++) {
            progress.checkCancelled();
            float[] x = new float[n * pixels];
            int[] labels = new int[n];
            for (int i = 0; i < n; i++) {
                if (i < user) {
                    Shot shot = shots.get(random.nextInt(shots.size()));
                    System.arraycopy(shot.pixels(), 0, x, i * pixels, pixels);
                    labels[i] = shot.label();
                    augmenter.augment(x, i * pixels, labels[i], random);
                } else {
                    int index = random.nextInt(rehearsal.size());
                    rehearsal.copyPixels(index, x, i * pixels);
                    labels[i] = rehearsal.label(index);
                }
            }
            float[] keep = new float[n * CnnNetwork.HIDDEN];
            for (int i = 0; i < keep.length; i++) {
                keep[i] = random.nextDouble() < keepProbability ? kept : 0f;
            }
            CnnNetwork.Step result = network.forwardBackward(TrainingBatch.of(x, labels, keep));
            for (Map.Entry<String, GradientUpdater<?>> entry : updaters.entrySet()) {
                INDArray gradient = result.gradients().get(entry.getKey());
                entry.getValue().applyUpdater(gradient, step, 0);
                params.get(entry.getKey()).subi(gradient);
            }
            progress.update("Teaching: step " + (step + 1) + " of " + config.steps(), (step + 1.0) / config.steps());
        }
        return network;
    }
}
