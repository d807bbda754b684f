package com.digitstudio.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StealTimeTest {
    @Test
    void stealIsTheEighthCounterOfTheCpuLineInHundredthsOfASecond() {
        assertThat(StealTime.parse("cpu  4717046 0 204426 2665718 20697 0 2052 118151 0 0")).isEqualTo(1181.51);
    }

    @Test
    void aLineThatIsNotTheCpuTotalOrIsTooShortGivesNotANumber() {
        assertThat(StealTime.parse("cpu0 1 2 3 4 5 6 7 8 9 10")).isNaN();
        assertThat(StealTime.parse("cpu  1 2 3")).isNaN();
        assertThat(StealTime.parse("cpu  1 2 3 4 5 6 7 x 0 0")).isNaN();
    }
}
