package com.digitstudio.train;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StepTimesTest {

    @Test
    void theMedianLeavesOutTheWarmUpStepsAndIsNotMovedByAFewSlowSteps() {
        StepTimes times = new StepTimes();
        for (int i = 0; i < StepTimes.WARM_UP; i++) {
            times.add(5_000_000_000L);
        }
        long[] steady = {100_000_000L, 90_000_000L, 3_000_000_000L, 110_000_000L, 95_000_000L};
        for (long t : steady) {
            times.add(t);
        }
        assertThat(times.steadyMedianSeconds()).isEqualTo(0.1);
        times.add(105_000_000L);
        assertThat(times.steadyMedianSeconds()).as("even count: the mean of the middle two").isEqualTo(0.1025);
    }

    @Test
    void aRunOfNoMoreThanTheWarmUpHasNoSteadyState() {
        StepTimes times = new StepTimes();
        assertThat(times.steadyMedianSeconds()).isNaN();
        for (int i = 0; i < StepTimes.WARM_UP; i++) {
            times.add(1_000_000L);
        }
        assertThat(times.steadyMedianSeconds()).isNaN();
        times.add(2_000_000L);
        assertThat(times.steadyMedianSeconds()).isEqualTo(0.002);
    }

    @Test
    void recordingGrowsPastItsFirstArrayAndStopsAtTheCap() {
        StepTimes times = new StepTimes();
        for (int i = 0; i < StepTimes.MAX_RECORDED + 10; i++) {
            times.add(i < StepTimes.MAX_RECORDED ? 1_000L : 1_000_000_000_000L);
        }
        assertThat(times.steadyMedianSeconds()).isEqualTo(1e-6);
    }
}
