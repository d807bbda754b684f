package com.digitstudio.app.train;

import com.digitstudio.train.TrainingLog;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TrainingHistoryTest {

    private static TrainingHistory noisyRun(int steps) {
        TrainingHistory history = new TrainingHistory();
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        for (int s = 1; s <= steps; s++) {
            history.addStep(s, 2.3 * Math.exp(-s / 2000.0) + random.nextDouble() * 0.2, Math.min(1, s / 5000.0));
        }
        return history;
    }

    @Test
    void twentyThousandStepsAreKeptButDrawnWithAtMost500PointsPerSeries() {
        TrainingHistory history = noisyRun(20_000);

        assertThat(history.size()).isEqualTo(20_000);
        assertThat(history.batchLoss(500).size()).isBetween(400, 500);
        assertThat(history.batchAccuracy(500).size()).isLessThanOrEqualTo(500);
        assertThat(history.smoothedLoss(500).size()).isEqualTo(500);
        assertThat(history.smoothedAccuracy(500).size()).isEqualTo(500);
    }

    @Test
    void minMaxDecimationKeepsASingleSpikeAndTheStepOrder() {
        TrainingHistory history = noisyRun(20_000);
        history.clear();
        for (int s = 1; s <= 20_000; s++) {
            history.addStep(s, s == 12_345 ? 9.0 : 0.5, 0.9);
        }

        TrainingHistory.Points points = history.batchLoss(500);

        boolean spike = false;
        for (int i = 0; i < points.size(); i++) {
            if (points.x()[i] == 12_345) {
                spike = points.y()[i] == 9.0;
            }
            if (i > 0) {
                assertThat(points.x()[i]).isGreaterThan(points.x()[i - 1]);
            }
        }
        assertThat(spike).as("the one step with loss 9 is drawn").isTrue();
    }

    @Test
    void shortRunsAreDrawnPointForPoint() {
        TrainingHistory history = noisyRun(120);

        TrainingHistory.Points points = history.batchLoss(500);

        assertThat(points.size()).isEqualTo(120);
        assertThat(points.y()[7]).isEqualTo(history.loss(7));
        assertThat(points.x()[119]).isEqualTo(120);
    }

    @Test
    void theSmoothedLineStartsAtTheFirstValueAndFollowsTheTrend() {
        TrainingHistory history = new TrainingHistory();
        history.addStep(1, 2.0, 0.1);
        assertThat(history.smoothedLoss()).isCloseTo(2.0, within(1e-6));
        assertThat(history.smoothedAccuracy()).isCloseTo(0.1, within(1e-6));
        for (int s = 2; s <= 400; s++) {
            history.addStep(s, 0.5, 0.9);
        }
        assertThat(history.smoothedLoss()).isCloseTo(0.5, within(1e-3));
    }

    @Test
    void evaluationsAreKeptInOrder() {
        TrainingHistory history = new TrainingHistory();
        history.addEvaluation(100, 0.9, 0.3);
        history.addEvaluation(200, 0.95, 0.2);

        assertThat(history.evaluations()).extracting(TrainingLog.Evaluated::step).containsExactly(100L, 200L);
        history.clear();
        assertThat(history.evaluations()).isEmpty();
    }

    @Test
    void aCheckpointsPastComesFirstAndTheRunGoesOnFromIt() {
        TrainingLog log = new TrainingLog();
        log.addStep(1, 2.0, 0.1);
        log.addStep(2, 1.0, 0.5);
        log.addEvaluation(2, 0.6, 1.1);
        TrainingHistory history = new TrainingHistory();

        history.addPast(log.snapshot());
        history.addStep(3, 0.5, 0.8);

        assertThat(history.size()).isEqualTo(3);
        assertThat(history.step(0)).isEqualTo(1);
        assertThat(history.loss(1)).isEqualTo(1.0);
        assertThat(history.step(2)).isEqualTo(3);
        assertThat(history.evaluations()).containsExactly(new TrainingLog.Evaluated(2, 0.6, 1.1));
    }
}
