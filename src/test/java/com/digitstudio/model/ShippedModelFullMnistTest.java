package com.digitstudio.model;

import com.digitstudio.Fixtures;
import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluation;
import com.digitstudio.eval.Evaluator;
import org.junit.jupiter.api.Test;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The model in models/ is checked on the full 10,000-image MNIST test set (shipped with the tests), so that a bad
 * model never ships.
 */
class ShippedModelFullMnistTest {

    @Test
    void shippedModelScoresAtLeast99Point5PercentOnTheFullMnistTestSet() throws Exception {
        SavedModel saved = ShippedModel.read();
        CnnNetwork network = saved.toNetwork();
        MnistSet test = MnistData.load(Fixtures.fullTestSet(), MnistData.Split.TEST);
        assertThat(test.size()).isEqualTo(10_000);

        Evaluation evaluation = Evaluator.evaluate(network, test);

        assertThat(evaluation.accuracy()).isGreaterThanOrEqualTo(0.995);
        assertThat(saved.info().testAccuracy()).as("accuracy recorded in the model file")
                .isCloseTo(evaluation.accuracy(), within(1e-4));
        assertThat(saved.isCheckpoint()).as("the shipped file carries no optimiser state").isFalse();
    }
}
