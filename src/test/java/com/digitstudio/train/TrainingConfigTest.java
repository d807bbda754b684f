package com.digitstudio.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingConfigTest {
    private static final TrainingConfig VALID = Preset.FAST.config();

    @ParameterizedTest
    @EnumSource(Preset.class)
    void everyPresetIsValid(Preset preset) {
        assertThat(preset.config().validate()).isSameAs(preset.config());
    }

    @Test
    void refusesStepsOutOfRange() {
        assertThatThrownBy(() -> VALID.withSteps(0).validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Steps must be between 1 and 10,000,000 (got 0).");
        assertThatThrownBy(() -> VALID.withSteps(10_000_001).validate())
                .hasMessage("Steps must be between 1 and 10,000,000 (got 10000001).");
    }

    @Test
    void refusesABatchSizeOutOfRange() {
        assertThatThrownBy(() -> VALID.withBatchSize(0).validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Batch size must be between 1 and 4096 (got 0).");
        assertThatThrownBy(() -> VALID.withBatchSize(5000).validate())
                .hasMessage("Batch size must be between 1 and 4096 (got 5000).");
    }

    @Test
    void refusesALearningRateThatIsNotPositiveOrTooLargeOrNotANumber() {
        assertThatThrownBy(() -> VALID.withLearningRate(0).validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Learning rate must be above 0 and at most 10 (got 0.0).");
        assertThatThrownBy(() -> VALID.withLearningRate(-0.1).validate())
                .hasMessage("Learning rate must be above 0 and at most 10 (got -0.1).");
        assertThatThrownBy(() -> VALID.withLearningRate(11).validate())
                .hasMessage("Learning rate must be above 0 and at most 10 (got 11.0).");
        assertThatThrownBy(() -> VALID.withLearningRate(Double.NaN).validate())
                .hasMessage("Learning rate must be above 0 and at most 10 (got NaN).");
    }

    @Test
    void refusesADropoutOutsideZeroToOne() {
        assertThatThrownBy(() -> VALID.withDropout(1).validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Dropout must be at least 0 and below 1 (got 1.0).");
        assertThatThrownBy(() -> VALID.withDropout(-0.1).validate())
                .hasMessage("Dropout must be at least 0 and below 1 (got -0.1).");
        assertThat(VALID.withDropout(0).validate().dropout()).isZero();
    }

    @Test
    void refusesAMissingOptimizerOrSchedule() {
        assertThatThrownBy(() -> VALID.withOptimizer(null).validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("An optimiser and a learning-rate schedule must be chosen.");
        assertThatThrownBy(() -> VALID.withSchedule(null).validate())
                .hasMessage("An optimiser and a learning-rate schedule must be chosen.");
    }

    @Test
    void refusesNegativeIntervals() {
        assertThatThrownBy(() -> VALID.withEvalEvery(-1).validate())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Evaluation and checkpoint intervals cannot be negative.");
        assertThatThrownBy(() -> VALID.withCheckpointEvery(-1).validate())
                .hasMessage("Evaluation and checkpoint intervals cannot be negative.");
    }

    @Test
    void eachWithMethodChangesOnlyItsOwnSetting() {
        TrainingConfig changed = VALID.withSteps(7).withBatchSize(8).withLearningRate(0.5).withOptimizer(Optimizer.SGD)
                .withSchedule(Schedule.LINEAR).withDropout(0.1).withAugment(true).withSeed(9).withEvalEvery(3)
                .withCheckpointEvery(4);

        assertThat(changed).isEqualTo(new TrainingConfig("fast", 7, 8, 0.5, Optimizer.SGD, Schedule.LINEAR, 0.1,
                true, 9, 3, 4));
        assertThat(VALID.withSeed(9)).isEqualTo(new TrainingConfig("fast", VALID.steps(), VALID.batchSize(),
                VALID.learningRate(), VALID.optimizer(), VALID.schedule(), VALID.dropout(), VALID.augment(), 9,
                VALID.evalEvery(), VALID.checkpointEvery()));
    }

    @Test
    void stepsForEpochsRoundsUp() {
        assertThat(TrainingConfig.stepsForEpochs(2, 100, 60_000)).isEqualTo(1200);
        assertThat(TrainingConfig.stepsForEpochs(1, 32, 2000)).isEqualTo(63);
        assertThat(TrainingConfig.stepsForEpochs(0.001, 100, 60_000)).isEqualTo(1);
        assertThat(TrainingConfig.stepsForEpochs(0, 100, 60_000)).isEqualTo(1);
    }

    @Test
    void describesItsSettingsAsText() {
        assertThat(Preset.TUTORIAL.config().describe())
                .containsEntry("steps", "20000")
                .containsEntry("batch_size", "100")
                .containsEntry("learning_rate", "0.001")
                .containsEntry("optimizer", "sgd")
                .containsEntry("schedule", "constant")
                .containsEntry("dropout", "0.4")
                .containsEntry("augment", "false");
    }
}
