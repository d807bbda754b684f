package com.digitstudio.app.draw;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PredictionTest {
    private static Prediction of(float... probabilities) {
        return new Prediction(probabilities, new float[784], 1.0);
    }

    @Test
    void topDigitIsTheMostProbableAndRunnerUpTheNext() {
        Prediction p = of(0.01f, 0.02f, 0.05f, 0.02f, 0.1f, 0.0f, 0.0f, 0.0f, 0.0f, 0.8f);
        assertThat(p.digit()).isEqualTo(9);
        assertThat(p.confidence()).isEqualTo(0.8f);
        assertThat(p.runnerUp()).isEqualTo(4);
        assertThat(p.isUnsure()).isFalse();
    }

    @Test
    void lowTopProbabilityIsUnsure() {
        assertThat(of(0.55f, 0.05f, 0.05f, 0.05f, 0.05f, 0.05f, 0.05f, 0.05f, 0.05f, 0.05f).isUnsure()).isTrue();
    }

    @Test
    void closeRunnerUpIsUnsureEvenAboveTheThreshold() {
        assertThat(of(0f, 0f, 0f, 0f, 0.62f, 0f, 0f, 0f, 0f, 0.38f).isUnsure()).isTrue();
    }

    @Test
    void percentNeverRoundsUpToCertainty() {
        assertThat(PredictionPanel.percent(0.99996)).isEqualTo(">99.9%");
        assertThat(PredictionPanel.percent(0.973)).isEqualTo("97.3%");
        // a float softmax of exactly 1 is saturation, not certainty
        assertThat(PredictionPanel.percent(1.0)).isEqualTo(">99.9%");
    }

    @Test
    void wrongSizesAreRefused() {
        assertThatThrownBy(() -> new Prediction(new float[9], new float[784], 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Prediction(new float[10], new float[783], 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
