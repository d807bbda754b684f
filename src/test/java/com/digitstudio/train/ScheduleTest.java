package com.digitstudio.train;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ScheduleTest {
    @Test
    void constantKeepsTheBaseRate() {
        assertThat(Schedule.CONSTANT.rate(0.01, 0, 100)).isEqualTo(0.01);
        assertThat(Schedule.CONSTANT.rate(0.01, 99, 100)).isEqualTo(0.01);
    }

    @Test
    void linearFallsStraightToZeroAtTheLastStep() {
        assertThat(Schedule.LINEAR.rate(1.0, 0, 100)).isEqualTo(1.0);
        assertThat(Schedule.LINEAR.rate(1.0, 25, 100)).isCloseTo(0.75, within(1e-12));
        assertThat(Schedule.LINEAR.rate(1.0, 100, 100)).isZero();
    }

    @Test
    void cosineFollowsHalfACosineToZero() {
        assertThat(Schedule.COSINE.rate(0.002, 0, 1200)).isEqualTo(0.002);
        assertThat(Schedule.COSINE.rate(0.002, 600, 1200)).isCloseTo(0.001, within(1e-15));
        assertThat(Schedule.COSINE.rate(1.0, 300, 1200)).isCloseTo(0.5 * (1 + Math.cos(Math.PI / 4)), within(1e-12));
        assertThat(Schedule.COSINE.rate(0.002, 1200, 1200)).isCloseTo(0, within(1e-18));
    }

    @Test
    void stepsPastTheEndStayAtTheFinalRate() {
        assertThat(Schedule.LINEAR.rate(1.0, 150, 100)).isZero();
        assertThat(Schedule.COSINE.rate(1.0, 150, 100)).isCloseTo(0, within(1e-15));
    }

    @Test
    void aRunWithoutLengthUsesTheBaseRate() {
        assertThat(Schedule.COSINE.rate(0.1, 5, 0)).isEqualTo(0.1);
        assertThat(Schedule.LINEAR.rate(0.1, 5, 0)).isEqualTo(0.1);
    }
}
