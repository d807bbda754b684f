package com.digitstudio.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a run has reported so far, step by step: each step's batch loss and batch accuracy, and its test-set
 * evaluations. A checkpoint keeps it, so that a resumed run can show its whole curve, not only the steps since
 * the resume. Not thread-safe: the trainer fills it on the training thread.
 */
public final class TrainingLog {
    private long[] steps = new long[256];
    private float[] loss = new float[256];
    private float[] accuracy = new float[256];
    private int size;
    private final List<Evaluated> evaluations = new ArrayList<>();

    /** A test-set evaluation: accuracy in [0, 1] and mean cross-entropy after {@code step} steps. */
    public record Evaluated(long step, double accuracy, double loss) {
    }

    /** An unchanging copy of a log, as a checkpoint stores it: {@code steps[i]} had {@code loss[i]}, {@code accuracy[i]}. */
    public record Snapshot(long[] steps, float[] loss, float[] accuracy, List<Evaluated> evaluations) {
        public Snapshot {
            steps = steps == null ? new long[0] : steps;
            loss = loss == null ? new float[0] : loss;
            accuracy = accuracy == null ? new float[0] : accuracy;
            evaluations = evaluations == null ? List.of() : List.copyOf(evaluations);
            if (loss.length != steps.length || accuracy.length != steps.length) {
                throw new IllegalArgumentException("The training log's step, loss and accuracy lists differ in length ("
                        + steps.length + ", " + loss.length + ", " + accuracy.length + ").");
            }
        }

        public int size() {
            return steps.length;
        }
    }

    public TrainingLog() {
    }

    /** A log that goes on from {@code past} (null: from nothing). */
    public TrainingLog(Snapshot past) {
        if (past != null) {
            for (int i = 0; i < past.size(); i++) {
                addStep(past.steps()[i], past.loss()[i], past.accuracy()[i]);
            }
            evaluations.addAll(past.evaluations());
        }
    }

    public void addStep(long step, double batchLoss, double batchAccuracy) {
        if (size == steps.length) {
            steps = Arrays.copyOf(steps, size * 2);
            loss = Arrays.copyOf(loss, size * 2);
            accuracy = Arrays.copyOf(accuracy, size * 2);
        }
        steps[size] = step;
        loss[size] = (float) batchLoss;
        accuracy[size] = (float) batchAccuracy;
        size++;
    }

    public void addEvaluation(long step, double testAccuracy, double testLoss) {
        evaluations.add(new Evaluated(step, testAccuracy, testLoss));
    }

    public int size() {
        return size;
    }

    public Snapshot snapshot() {
        return new Snapshot(Arrays.copyOf(steps, size), Arrays.copyOf(loss, size), Arrays.copyOf(accuracy, size), evaluations);
    }
}
