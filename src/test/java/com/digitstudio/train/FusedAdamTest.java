package com.digitstudio.train;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The fused update against ND4J's own Adam updater followed by the subtraction, which it replaces. */
class FusedAdamTest {
    private final FusedAdam fused = new FusedAdam();
    private final Random random = new Random(7);

    private INDArray random(long n, double scale) {
        float[] values = new float[(int) n];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * scale);
        }
        return Nd4j.createFromArray(values);
    }

    /** Runs {@code steps} steps of both on copies of the same parameter, state and gradients; asserts they agree. */
    private void assertSameAsNd4j(long n, INDArray initialState, int firstIteration, int steps) {
        INDArray param = random(n, 0.1);
        INDArray expectedParam = param.dup();
        INDArray state = initialState.dup().reshape(1, 2 * n);
        INDArray expectedState = initialState.dup().reshape(1, 2 * n);
        GradientUpdater<?> adam = new Adam(0.002).instantiate(expectedState, false);
        adam.setStateViewArray(expectedState, param.shape(), 'c', false);
        for (int k = 0; k < steps; k++) {
            int iteration = firstIteration + k;
            double rate = 0.002 * (1 - k / (2.0 * steps));
            INDArray gradient = random(n, 0.01 * (k + 1));
            INDArray expectedUpdate = gradient.dup();
            new Adam(rate).instantiate(expectedState, false).applyUpdater(expectedUpdate, iteration, 0);
            expectedParam.subi(expectedUpdate);
            INDArray gradientBefore = gradient.dup();

            fused.step(param, gradient, state, iteration, rate);

            assertThat(gradient).as("the gradient is only read").isEqualTo(gradientBefore);
            assertClose(param, expectedParam, "parameters after step " + iteration);
            assertClose(state, expectedState, "state after step " + iteration);
        }
    }

    private static void assertClose(INDArray actual, INDArray expected, String what) {
        float[] a = actual.dup().data().asFloat();
        float[] e = expected.dup().data().asFloat();
        assertThat(a).as(what).hasSameSizeAs(e);
        for (int i = 0; i < a.length; i++) {
            double tolerance = 1e-6 + 1e-5 * Math.abs(e[i]);
            if (Math.abs(a[i] - e[i]) > tolerance) {
                throw new AssertionError(what + ": value " + i + " is " + a[i] + ", ND4J's Adam gives " + e[i]);
            }
        }
    }

    @Test
    void aSmallParameterMovesAsWithNd4jsAdam() {
        assertSameAsNd4j(37, Nd4j.zeros(DataType.FLOAT, 74), 0, 6);
    }

    @Test
    void aParameterOfManyBlocksMovesAsWithNd4jsAdam() {
        long n = FusedAdam.BLOCK * 40L + 12_345; // not a whole number of blocks
        assertSameAsNd4j(n, Nd4j.zeros(DataType.FLOAT, 2 * n), 0, 4);
    }

    @Test
    void aRunResumedFromSavedStateContinuesAsWithNd4jsAdam() {
        long n = 1000;
        INDArray saved = Nd4j.hstack(random(n, 0.01), random(n, 1e-4).muli(random(n, 1e-2)));
        assertSameAsNd4j(n, saved, 500, 3);
    }

    @Test
    void aGradientThatIsAViewOfALargerArrayIsReadFromItsOwnValues() {
        // conv1's gradients are rows of one product: the bias's is the last row
        INDArray product = random(26 * 32, 0.01).reshape(26, 32);
        INDArray biasGradient = product.get(NDArrayIndex.point(25), NDArrayIndex.all()).reshape(32);
        INDArray param = random(32, 0.1);
        INDArray expected = param.dup();
        INDArray expectedState = Nd4j.zeros(DataType.FLOAT, 1, 64);
        GradientUpdater<?> adam = new Adam(0.001).instantiate(expectedState, false);
        adam.setStateViewArray(expectedState, param.shape(), 'c', false);
        INDArray update = biasGradient.dup();
        adam.applyUpdater(update, 0, 0);
        expected.subi(update);

        fused.step(param, biasGradient, Nd4j.zeros(DataType.FLOAT, 1, 64), 0, 0.001);

        assertClose(param, expected, "parameters");
    }

    @Test
    void refusesAStateOfTheWrongSize() {
        assertThatThrownBy(() -> fused.step(random(10, 1), random(10, 1), Nd4j.zeros(DataType.FLOAT, 19), 0, 0.001))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesValuesThatAreNotContiguous() {
        INDArray columns = random(20, 1).reshape(4, 5).get(NDArrayIndex.all(), NDArrayIndex.point(1));
        assertThatThrownBy(() -> fused.step(random(4, 1), columns, Nd4j.zeros(DataType.FLOAT, 8), 0, 0.001))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
