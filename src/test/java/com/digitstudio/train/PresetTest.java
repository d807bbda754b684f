package com.digitstudio.train;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PresetTest {
    @Test
    void tutorialIsExactlyTheTensorFlowTutorialsTraining() {
        TrainingConfig c = Preset.TUTORIAL.config();

        assertThat(c.optimizer()).isEqualTo(Optimizer.SGD);
        assertThat(c.learningRate()).isEqualTo(0.001);
        assertThat(c.schedule()).isEqualTo(Schedule.CONSTANT);
        assertThat(c.batchSize()).isEqualTo(100);
        assertThat(c.steps()).isEqualTo(20_000);
        assertThat(c.dropout()).isEqualTo(0.4);
        assertThat(c.augment()).isFalse();
        assertThat(c.preset()).isEqualTo("tutorial");
    }

    @Test
    void fastIsTwoEpochsOfAdamWithCosineDecay() {
        TrainingConfig c = Preset.FAST.config();

        assertThat(c.optimizer()).isEqualTo(Optimizer.ADAM);
        assertThat(c.schedule()).isEqualTo(Schedule.COSINE);
        assertThat(c.steps() * c.batchSize()).isEqualTo(2 * 60_000);
        assertThat(c.augment()).isFalse();
    }

    @Test
    void parsesNamesIgnoringCaseAndSpaces() {
        assertThat(Preset.parse("tutorial")).isEqualTo(Preset.TUTORIAL);
        assertThat(Preset.parse(" FAST ")).isEqualTo(Preset.FAST);
        assertThat(Preset.parse("Robust")).isEqualTo(Preset.ROBUST);
        assertThat(Preset.FAST.label()).isEqualTo("fast");
    }

    @Test
    void refusesAnUnknownNameListingTheChoices() {
        assertThatThrownBy(() -> Preset.parse("turbo"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Unknown preset 'turbo'; choose tutorial, fast or robust.");
    }
}
