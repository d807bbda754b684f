package com.digitstudio.eval;

import com.digitstudio.data.MnistSet;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class EvaluatorTest {
    private static final float SURE = 0.7f;
    private static final float OTHER = 0.3f / 9;

    /**
     * A classifier whose answer is written in the image: it predicts the digit stored in the first pixel
     * (value digit/255) with probability 0.7 and gives 0.3/9 to each other digit. It records each batch size.
     */
    private static final class StubClassifier implements DigitClassifier {
        final List<Integer> batches = new ArrayList<>();

        @Override
        public float[][] predict(float[] pixels, int n) {
            assertThat(pixels).hasSize(n * 784);
            batches.add(n);
            float[][] out = new float[n][10];
            for (int i = 0; i < n; i++) {
                int digit = Math.round(pixels[i * 784] * 255);
                java.util.Arrays.fill(out[i], OTHER);
                out[i][digit] = SURE;
            }
            return out;
        }

        @Override
        public ModelInfo info() {
            return ModelInfo.untrained("stub", java.util.Map.of());
        }
    }

    /** A set whose labels are {@code labels} and whose images make the stub answer {@code answers}. */
    private static MnistSet set(int[] labels, int[] answers) {
        byte[] images = new byte[labels.length * 784];
        byte[] labelBytes = new byte[labels.length];
        for (int i = 0; i < labels.length; i++) {
            images[i * 784] = (byte) answers[i];
            labelBytes[i] = (byte) labels[i];
        }
        return new MnistSet(images, labelBytes);
    }

    @Test
    void scoresAccuracyLossConfusionAndMisclassifiedExamples() {
        MnistSet set = set(new int[]{0, 1, 2, 3, 4}, new int[]{0, 1, 5, 3, 9});

        Evaluation e = Evaluator.evaluate(new StubClassifier(), set);

        assertThat(e.examples()).isEqualTo(5);
        assertThat(e.correct()).isEqualTo(3);
        assertThat(e.accuracy()).isEqualTo(0.6);
        double expectedLoss = (3 * -Math.log(SURE) + 2 * -Math.log(OTHER)) / 5;
        assertThat(e.loss()).isCloseTo(expectedLoss, within(1e-6));
        assertThat(e.confusion()[0][0]).isEqualTo(1);
        assertThat(e.confusion()[2][5]).isEqualTo(1);
        assertThat(e.confusion()[4][9]).isEqualTo(1);
        assertThat(java.util.Arrays.stream(e.confusion()).flatMapToInt(java.util.Arrays::stream).sum()).isEqualTo(5);
        assertThat(e.misclassified()).containsExactly(
                new Evaluation.Miss(2, 2, 5, SURE),
                new Evaluation.Miss(4, 4, 9, SURE));
        assertThat(e.accuracyOf(2)).isZero();
        assertThat(e.accuracyOf(3)).isEqualTo(1.0);
        assertThat(e.accuracyOf(7)).as("no examples of 7").isZero();
    }

    @Test
    void scoresALargeSetInBatchesOfAThousandKeepingIndices() {
        int n = 2_345;
        int[] labels = new int[n];
        int[] answers = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % 10;
            answers[i] = i % 7 == 0 ? (i + 1) % 10 : i % 10; // every 7th is wrong
        }
        StubClassifier stub = new StubClassifier();

        Evaluation e = Evaluator.evaluate(stub, set(labels, answers));

        assertThat(stub.batches).containsExactly(1000, 1000, 345);
        assertThat(e.examples()).isEqualTo(n);
        int wrong = (n + 6) / 7;
        assertThat(e.correct()).isEqualTo(n - wrong);
        assertThat(e.misclassified()).hasSize(wrong);
        assertThat(e.misclassified().get(e.misclassified().size() - 1).index()).isEqualTo(2338);
        assertThat(e.misclassified()).allSatisfy(m -> assertThat(m.index() % 7).isZero());
    }

    @Test
    void stopsBetweenBatchesWhenCancelled() {
        StubClassifier stub = new StubClassifier();
        AtomicInteger checks = new AtomicInteger();

        Evaluation e = Evaluator.evaluate(stub, set(new int[2500], new int[2500]), () -> checks.incrementAndGet() > 1);

        assertThat(stub.batches).containsExactly(1000);
        assertThat(e.examples()).isEqualTo(1000);
        assertThat(e.accuracy()).isEqualTo(1.0);
    }

    @Test
    void anEmptySetScoresZeroWithoutCallingTheModel() {
        StubClassifier stub = new StubClassifier();

        Evaluation e = Evaluator.evaluate(stub, set(new int[0], new int[0]));

        assertThat(stub.batches).isEmpty();
        assertThat(e.examples()).isZero();
        assertThat(e.accuracy()).isZero();
        assertThat(e.loss()).isZero();
    }

    @Test
    void theAccumulatorScoresOnePredictionAtATimeAndTheLossOfACertainMistakeIsBounded() {
        Evaluator.Accumulator acc = new Evaluator.Accumulator();
        float[] sureThree = new float[10];
        sureThree[3] = 1f;

        acc.add(0, 3, sureThree);
        acc.add(1, 8, sureThree);
        Evaluation e = acc.result();

        assertThat(e.correct()).isEqualTo(1);
        assertThat(e.misclassified()).containsExactly(new Evaluation.Miss(1, 8, 3, 1f));
        assertThat(e.loss()).isCloseTo(-Math.log(1e-12f) / 2, within(1e-6));
    }

    @Test
    void argmaxPicksTheFirstLargest() {
        assertThat(Evaluator.argmax(new float[]{0.1f, 0.5f, 0.5f, 0.2f})).isEqualTo(1);
        assertThat(Evaluator.argmax(new float[]{0.9f})).isZero();
    }
}
