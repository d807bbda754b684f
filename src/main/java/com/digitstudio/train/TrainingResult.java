package com.digitstudio.train;

import com.digitstudio.eval.Evaluation;
import com.digitstudio.model.CnnNetwork;

/**
 * The outcome of a run.
 *
 * @param evaluation       the last test-set evaluation (at the end of the run), or null if none was made
 * @param samplesPerSecond training throughput over the run, evaluation time excluded
 * @param medianStepSeconds the median wall time from one step's end to the next's, after the first 20 steps of
 *                          this run (NaN if it had no more): the steady-state figure, hardly moved by a busy host
 * @param stopped          true if the run was stopped before its last step
 */
public record TrainingResult(CnnNetwork network, TrainingConfig config, long steps, Evaluation evaluation,
                             double lastLoss, double samplesPerSecond, double seconds, double medianStepSeconds,
                             boolean stopped) {
}
