package com.digitstudio.train;

import java.util.Arrays;

/**
 * The wall time from the end of one step to the end of the next, step by step, for one run: everything the step
 * waited for counts (its batch, the listener, an evaluation or a checkpoint made after the step before). Its median
 * over the steady state is the figure two ways of running the same training (the Train tab, the command line) are
 * compared by: a host that takes the CPU away now and then moves a total by seconds, a median hardly at all.
 * Not thread-safe: the trainer fills it on the training thread.
 */
final class StepTimes {
    /** Steps at the start of a run left out of the steady state (warm-up, compilation), as in {@code benchmark}. */
    static final int WARM_UP = 20;
    /** The most steps recorded (8 MiB); a longer run's median is that of its first steps. */
    static final int MAX_RECORDED = 1 << 20;

    private long[] nanos = new long[1024];
    private int size;

    void add(long stepNanos) {
        if (size == MAX_RECORDED) {
            return;
        }
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, Math.min(MAX_RECORDED, size * 2));
        }
        nanos[size++] = stepNanos;
    }

    /** The median step time in seconds after the first {@link #WARM_UP} steps; NaN if there were no more than those. */
    double steadyMedianSeconds() {
        int n = size - WARM_UP;
        if (n <= 0) {
            return Double.NaN;
        }
        long[] steady = Arrays.copyOfRange(nanos, WARM_UP, size);
        Arrays.sort(steady);
        double median = n % 2 == 1 ? steady[n / 2] : (steady[n / 2 - 1] + steady[n / 2]) / 2.0;
        return median / 1e9;
    }
}
