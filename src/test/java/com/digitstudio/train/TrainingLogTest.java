package com.digitstudio.train;

import com.digitstudio.support.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrainingLogTest {
    @Test
    void aLogGoesOnFromASnapshotAndGrowsPastItsFirstCapacity() {
        TrainingLog first = new TrainingLog();
        for (int step = 1; step <= 300; step++) {
            first.addStep(step, 1.0 / step, step / 300.0);
        }
        first.addEvaluation(300, 0.9, 0.3);

        TrainingLog resumed = new TrainingLog(first.snapshot());
        resumed.addStep(301, 0.001, 1.0);
        TrainingLog.Snapshot snapshot = resumed.snapshot();

        assertThat(snapshot.size()).isEqualTo(301);
        assertThat(snapshot.steps()[0]).isEqualTo(1);
        assertThat(snapshot.steps()[300]).isEqualTo(301);
        assertThat(snapshot.loss()[299]).isEqualTo((float) (1.0 / 300));
        assertThat(snapshot.evaluations()).containsExactly(new TrainingLog.Evaluated(300, 0.9, 0.3));
    }

    @Test
    void aSnapshotSurvivesJsonAsACheckpointStoresIt() throws Exception {
        TrainingLog log = new TrainingLog();
        log.addStep(1, 2.30, 0.1);
        log.addStep(2, 1.75, 0.25);
        log.addEvaluation(2, 0.5, 1.5);

        String json = Json.line(log.snapshot());
        TrainingLog.Snapshot back = Json.MAPPER.readValue(json, TrainingLog.Snapshot.class);

        assertThat(back.steps()).containsExactly(1, 2);
        assertThat(back.loss()).containsExactly(2.30f, 1.75f);
        assertThat(back.accuracy()).containsExactly(0.1f, 0.25f);
        assertThat(back.evaluations()).containsExactly(new TrainingLog.Evaluated(2, 0.5, 1.5));
    }

    @Test
    void aCheckpointWithoutALogResumesWithAnEmptyOne() throws Exception {
        TrainingLog.Snapshot missing = Json.MAPPER.readValue("{}", TrainingLog.Snapshot.class);
        assertThat(missing.size()).isZero();
        assertThat(new TrainingLog(null).size()).isZero();
    }

    @Test
    void listsOfDifferentLengthsAreRefused() {
        assertThatThrownBy(() -> new TrainingLog.Snapshot(new long[]{1, 2}, new float[]{1}, new float[]{1, 1}, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("The training log's step, loss and accuracy lists differ in length (2, 1, 2).");
    }
}
