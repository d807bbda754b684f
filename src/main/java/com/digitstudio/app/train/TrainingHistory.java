package com.digitstudio.app.train;

import com.digitstudio.train.TrainingLog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Every value a run reported, step by step: batch loss and accuracy, their smoothed (exponential moving
 * average) lines, and the test-set evaluations. Nothing is thrown away; what a chart draws is a decimated view
 * ({@link #batchLoss(int)} and friends), so 20,000 steps cost the chart no more than 500.
 * Not thread-safe: the view model fills it on the FX thread.
 */
public final class TrainingHistory {
    /** Weight of the past in the smoothed lines: about the last 30 steps count. */
    static final double SMOOTHING = 0.97;

    private long[] steps = new long[1024];
    private float[] loss = new float[1024];
    private float[] accuracy = new float[1024];
    private float[] smoothLoss = new float[1024];
    private float[] smoothAccuracy = new float[1024];
    private int size;
    private double emaLoss;
    private double emaAccuracy;
    private double emaWeight;
    private final List<TrainingLog.Evaluated> evaluations = new ArrayList<>();

    /** Points to draw: {@code x[i], y[i]} for {@code i < size}, in increasing x. */
    public record Points(double[] x, double[] y, int size) {
    }

    public void addStep(long step, double batchLoss, double batchAccuracy) {
        if (size == steps.length) {
            int capacity = size * 2;
            steps = Arrays.copyOf(steps, capacity);
            loss = Arrays.copyOf(loss, capacity);
            accuracy = Arrays.copyOf(accuracy, capacity);
            smoothLoss = Arrays.copyOf(smoothLoss, capacity);
            smoothAccuracy = Arrays.copyOf(smoothAccuracy, capacity);
        }
        emaLoss = SMOOTHING * emaLoss + (1 - SMOOTHING) * batchLoss;
        emaAccuracy = SMOOTHING * emaAccuracy + (1 - SMOOTHING) * batchAccuracy;
        emaWeight = SMOOTHING * emaWeight + (1 - SMOOTHING);
        steps[size] = step;
        loss[size] = (float) batchLoss;
        accuracy[size] = (float) batchAccuracy;
        // divided by the weight so far: the line starts at the first values, not at zero
        smoothLoss[size] = (float) (emaLoss / emaWeight);
        smoothAccuracy[size] = (float) (emaAccuracy / emaWeight);
        size++;
    }

    public void addEvaluation(long step, double testAccuracy, double testLoss) {
        evaluations.add(new TrainingLog.Evaluated(step, testAccuracy, testLoss));
    }

    /** Adds what a resumed run's checkpoint recorded of the steps before it, in order. */
    public void addPast(TrainingLog.Snapshot past) {
        for (int i = 0; i < past.size(); i++) {
            addStep(past.steps()[i], past.loss()[i], past.accuracy()[i]);
        }
        evaluations.addAll(past.evaluations());
    }

    public void clear() {
        size = 0;
        emaLoss = 0;
        emaAccuracy = 0;
        emaWeight = 0;
        evaluations.clear();
    }

    public int size() {
        return size;
    }

    public long step(int index) {
        return steps[index];
    }

    public double loss(int index) {
        return loss[index];
    }

    public double accuracy(int index) {
        return accuracy[index];
    }

    public double smoothedLoss() {
        return size == 0 ? Double.NaN : smoothLoss[size - 1];
    }

    public double smoothedAccuracy() {
        return size == 0 ? Double.NaN : smoothAccuracy[size - 1];
    }

    public List<TrainingLog.Evaluated> evaluations() {
        return List.copyOf(evaluations);
    }

    /** Batch losses, at most {@code maxPoints}: each stretch of steps drawn as its lowest and highest value. */
    public Points batchLoss(int maxPoints) {
        return minMax(loss, maxPoints);
    }

    public Points batchAccuracy(int maxPoints) {
        return minMax(accuracy, maxPoints);
    }

    /** The smoothed loss, at most {@code maxPoints} (it is smooth, so every k-th point is enough). */
    public Points smoothedLoss(int maxPoints) {
        return stride(smoothLoss, maxPoints);
    }

    public Points smoothedAccuracy(int maxPoints) {
        return stride(smoothAccuracy, maxPoints);
    }

    /**
     * Min/max decimation: splits the steps into {@code maxPoints / 2} equal stretches and keeps, in step order,
     * the lowest and the highest value of each, so spikes stay visible however long the run.
     */
    Points minMax(float[] values, int maxPoints) {
        if (size <= maxPoints) {
            return all(values);
        }
        int buckets = Math.max(1, maxPoints / 2);
        double[] x = new double[buckets * 2];
        double[] y = new double[buckets * 2];
        int n = 0;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * size / buckets);
            int to = (int) ((long) (b + 1) * size / buckets);
            int low = from;
            int high = from;
            for (int i = from + 1; i < to; i++) {
                if (values[i] < values[low]) {
                    low = i;
                }
                if (values[i] > values[high]) {
                    high = i;
                }
            }
            int first = Math.min(low, high);
            int second = Math.max(low, high);
            x[n] = steps[first];
            y[n++] = values[first];
            if (second != first) {
                x[n] = steps[second];
                y[n++] = values[second];
            }
        }
        return new Points(x, y, n);
    }

    /** Every k-th value, always with the first and the last. */
    Points stride(float[] values, int maxPoints) {
        if (size <= maxPoints) {
            return all(values);
        }
        int intervals = Math.max(1, maxPoints - 1);
        double[] x = new double[intervals + 1];
        double[] y = new double[intervals + 1];
        for (int k = 0; k <= intervals; k++) {
            int i = (int) ((long) k * (size - 1) / intervals);
            x[k] = steps[i];
            y[k] = values[i];
        }
        return new Points(x, y, intervals + 1);
    }

    private Points all(float[] values) {
        double[] x = new double[size];
        double[] y = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = steps[i];
            y[i] = values[i];
        }
        return new Points(x, y, size);
    }
}
