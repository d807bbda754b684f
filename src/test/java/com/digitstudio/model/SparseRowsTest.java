package com.digitstudio.model;

import com.digitstudio.data.MnistSample;
import com.digitstudio.data.MnistSet;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SparseRowsTest {
    private final SplittableRandom random = new SplittableRandom(7);

    private INDArray matrix(int rows, int cols) {
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return Nd4j.createFromArray(values).reshape(rows, cols).dup('c');
    }

    private INDArray input(int n, double zeroShare) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = random.nextDouble() < zeroShare ? 0f : (float) random.nextDouble();
        }
        return Nd4j.createFromArray(values).reshape(1, n);
    }

    @Test
    void aMostlyZeroInputGivesTheMatrixProduct() {
        INDArray w = matrix(300, 64);
        INDArray x = input(300, 0.85);
        INDArray out = Nd4j.create(DataType.FLOAT, 1, 64);

        assertThat(SparseRows.of(w).multiply(x, out)).isTrue();

        assertThat(out.toFloatVector()).containsExactly(x.mmul(w).toFloatVector(), within(1e-5f));
    }

    @Test
    void theWeightsAreReadAtEveryCallSoAChangedMatrixIsNeverSeenStale() {
        INDArray w = matrix(300, 64);
        INDArray x = input(300, 0.85);
        INDArray out = Nd4j.create(DataType.FLOAT, 1, 64);
        SparseRows rows = SparseRows.of(w);
        rows.multiply(x, out);

        w.subi(0.25); // as a training step changes the weights in place
        rows.multiply(x, out);

        assertThat(out.toFloatVector()).containsExactly(x.mmul(w).toFloatVector(), within(1e-5f));
    }

    @Test
    void anInputWithTooFewZerosIsLeftToTheMatrixProductAndTheOutputUntouched() {
        INDArray w = matrix(300, 64);
        INDArray out = Nd4j.ones(DataType.FLOAT, 1, 64);

        assertThat(SparseRows.of(w).multiply(input(300, 0.2), out)).isFalse();

        assertThat(out.toFloatVector()).containsOnly(1f);
    }

    @Test
    void aViewOrAColumnMajorMatrixIsNotReadAsRows() {
        INDArray w = matrix(300, 64);

        assertThat(SparseRows.of(w.get(NDArrayIndex.interval(1, 300), NDArrayIndex.all()))).isNull();
        assertThat(SparseRows.of(w.dup('f'))).isNull();
        assertThat(SparseRows.of(w)).isNotNull();
    }

    @Test
    void theShippedModelsSinglePredictionsOfRealDigitsAreThoseOfTheBatchPass() throws Exception {
        // real digits through the trained network: the dense layer's input is mostly zeros, so the rows are used
        MnistSet sample = MnistSample.get();
        try (CnnNetwork network = ShippedModel.load()) {
            int n = 20;
            float[] images = new float[n * DigitClassifier.INPUTS];
            for (int i = 0; i < n; i++) {
                sample.copyPixels(i, images, i * DigitClassifier.INPUTS);
            }
            float[][] batch = network.predict(images, n);
            for (int i = 0; i < n; i++) {
                assertThat(network.predict(sample.pixels(i))).containsExactly(batch[i], within(1e-5f));
                float[] pool2 = network.activations(sample.pixels(i)).pool2();
                long zeros = 0;
                for (float v : pool2) {
                    zeros += v == 0f ? 1 : 0;
                }
                assertThat((double) zeros / pool2.length).isGreaterThan(0.5);
            }
        }
    }
}
