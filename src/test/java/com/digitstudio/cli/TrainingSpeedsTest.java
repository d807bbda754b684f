package com.digitstudio.cli;

import com.digitstudio.data.MnistSample;
import com.digitstudio.data.MnistSet;
import com.digitstudio.train.Preset;
import com.digitstudio.train.TrainingConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingSpeedsTest {
    private final MnistSet train = MnistSample.get();
    private final TrainingConfig plain = Preset.FAST.config().withSteps(8).withBatchSize(10).withEvalEvery(0);

    @Test
    void bothRunsTakeEveryStepAndOnlyTheStepsAfterTheirWarmUpAreTimed() throws Exception {
        TrainingSpeeds.Speeds speeds = TrainingSpeeds.measure(plain, plain.withAugment(true), train, 3, 4, 1);

        assertThat(speeds.plainSteps()).isEqualTo(5);
        assertThat(speeds.augmentedSteps()).isEqualTo(5);
        assertThat(speeds.referenceSteps()).isEqualTo(3);
        assertThat(java.util.List.of(speeds.plain(), speeds.augmented(), speeds.reference()))
                .allSatisfy(speed -> assertThat(speed).isFinite().isPositive());
    }

    @Test
    void theFirstStepOfEveryLaterTurnIsLeftOutAsWell() throws Exception {
        // turns of 20: steps 1-20, 21-40, 41-45; timed: 4-20, 22-40, 42-45
        TrainingConfig longer = plain.withSteps(2L * TrainingSpeeds.TURN_STEPS + 5);

        TrainingSpeeds.Speeds speeds = TrainingSpeeds.measure(longer, longer.withAugment(true), train, 3, 0, 0);

        int expected = (TrainingSpeeds.TURN_STEPS - 3) + (TrainingSpeeds.TURN_STEPS - 1) + 4;
        assertThat(speeds.plainSteps()).isEqualTo(expected);
        assertThat(speeds.augmentedSteps()).isEqualTo(expected);
    }

    @Test
    void withoutReferenceStepsTheReferenceSpeedIsNotANumber() throws Exception {
        TrainingSpeeds.Speeds speeds = TrainingSpeeds.measure(plain, plain.withAugment(true), train, 3, 0, 0);

        assertThat(speeds.reference()).isNaN();
        assertThat(speeds.referenceSteps()).isZero();
        assertThat(speeds.plainSteps()).isEqualTo(5);
    }

    @Test
    void runsOfDifferentLengthsAreNotCompared() {
        assertThatThrownBy(() -> TrainingSpeeds.measure(plain, plain.withSteps(9).withAugment(true), train, 3, 0, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
