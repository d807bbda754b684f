package com.digitstudio.app.train;

import com.digitstudio.train.Optimizer;
import com.digitstudio.train.Preset;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HyperparameterFormTest {
    private final HyperparameterForm form = new HyperparameterForm(Preset.FAST);

    private HyperparameterForm.TextField text(String key) {
        return (HyperparameterForm.TextField) form.field(key);
    }

    @Test
    void startsWithThePresetsSettingsAndNoError() {
        assertThat(form.config()).isEqualTo(Preset.FAST.config());
        assertThat(form.errorProperty().get()).isNull();
        assertThat(text("epochs").textProperty().get()).isEqualTo("2");
    }

    @Test
    void aRefusedValueKeepsItsSentenceAndNeverReachesTheSettings() {
        text("learningRate").textProperty().set("-1");

        assertThat(text("learningRate").errorProperty().get()).isEqualTo("Learning rate must be above 0 and at most 10 (got -1.0).");
        assertThat(form.validProperty().get()).isFalse();
        assertThat(form.config().learningRate()).isEqualTo(0.002);

        text("dropout").textProperty().set("0.5");
        assertThat(form.config().dropout()).as("other fields still apply").isEqualTo(0.5);
        assertThat(form.errorProperty().get()).startsWith("Learning rate");

        text("learningRate").textProperty().set("0.01");
        assertThat(form.validProperty().get()).isTrue();
        assertThat(form.config().learningRate()).isEqualTo(0.01);
    }

    @Test
    void textThatIsNotANumberIsRefusedWithItsName() {
        text("dropout").textProperty().set("lots");
        assertThat(form.errorProperty().get()).isEqualTo("Dropout must be a number such as 0.4 (got 'lots').");
        text("steps").textProperty().set("1.5");
        assertThat(text("steps").errorProperty().get()).isEqualTo("Steps must be a whole number (got '1.5').");
    }

    @Test
    void epochsSetTheStepsAndStepsSetTheEpochs() {
        text("epochs").textProperty().set("3");
        assertThat(form.config().steps()).isEqualTo(1800);
        assertThat(text("steps").textProperty().get()).isEqualTo("1800");

        text("steps").textProperty().set("600");
        assertThat(text("epochs").textProperty().get()).isEqualTo("1");

        form.trainingExamplesProperty().set(2000);
        assertThat(text("epochs").textProperty().get()).as("epochs of the mini set").isEqualTo("30");
        assertThat(form.config().steps()).isEqualTo(600);
    }

    @Test
    void thousandsSeparatorsAreAccepted() {
        text("steps").textProperty().set("20,000");
        assertThat(form.config().steps()).isEqualTo(20_000);
    }

    @Test
    void choicesAndPresetsReplaceTheSettings() {
        @SuppressWarnings("unchecked")
        HyperparameterForm.ChoiceField<Optimizer> optimizer = (HyperparameterForm.ChoiceField<Optimizer>) form.field("optimizer");
        optimizer.valueProperty().set(Optimizer.MOMENTUM);
        assertThat(form.config().optimizer()).isEqualTo(Optimizer.MOMENTUM);

        text("batchSize").textProperty().set("0");
        form.applyPreset(Preset.ROBUST);
        assertThat(form.config()).isEqualTo(Preset.ROBUST.config());
        assertThat(form.validProperty().get()).as("a preset clears refused text").isTrue();
        assertThat(optimizer.valueProperty().get()).isEqualTo(Optimizer.ADAM);
    }
}
