package com.digitstudio.cli;

import com.digitstudio.data.MnistSet;
import com.digitstudio.model.ReferenceNetwork;
import com.digitstudio.train.BatchMaker;
import com.digitstudio.train.Trainer;
import com.digitstudio.train.TrainingConfig;
import com.digitstudio.train.TrainingControl;
import com.digitstudio.train.TrainingListener;

import java.io.IOException;

/**
 * The benchmark's training speeds, measured turn by turn: a plain run and an augmented run of the same steps
 * take turns of {@link #TURN_STEPS} steps (plain first, then augmented first, and so on), and the reference
 * network (optional) takes its steps at even intervals between the turns. Each step is timed on its own; the
 * first steps of each run, and the first step of each later turn, are left out (see {@link Turns}).
 * <p>On the development machine the speed of the same work drifts by 20% and more within minutes (its virtual
 * cores lose time to the host): runs measured one after the other compared the drift as much as the code
 * (augmented at 85-98% of plain in three benchmarks of one day). Taking turns, every figure sees the same
 * machine, so their ratios are the code's.
 */
final class TrainingSpeeds {
    /** Steps per turn: ~2 s, short beside the machine's drift. */
    static final int TURN_STEPS = 20;

    /** Samples per second in steady state; {@code reference} is NaN when it was not measured. */
    record Speeds(double plain, double augmented, double reference, int plainSteps, int augmentedSteps, int referenceSteps) {
    }

    private TrainingSpeeds() {
    }

    /**
     * Runs {@code plain} and {@code augmented} (same batch size and steps) in turns and, when
     * {@code referenceSteps > 0}, that many steps of the reference network, spread over the run. Everything runs
     * on the calling thread, so every kernel uses the same OpenMP threads: with the two runs on two threads taking
     * turns, both were ~10% slower here than a run alone (likely because libgomp's threads then outnumber the
     * cores and it stops letting idle ones spin, as with the passive wait policy; docs/decisions/0006-speed.md).
     *
     * @param warmUp steps of each run left out of its speed
     * @param referenceWarmUp reference steps left out of its speed
     */
    static Speeds measure(TrainingConfig plain, TrainingConfig augmented, MnistSet train, int warmUp,
                          int referenceSteps, int referenceWarmUp) throws IOException, InterruptedException {
        if (plain.steps() != augmented.steps() || plain.batchSize() != augmented.batchSize()) {
            throw new IllegalArgumentException("the two runs must have the same steps and batch size");
        }
        Turns plainTurns = new Turns(Trainer.start(plain, train, null), warmUp);
        Turns augmentedTurns = new Turns(Trainer.start(augmented, train, null), warmUp);
        try (Reference reference = referenceSteps > 0 ? new Reference(plain, train, referenceWarmUp) : null) {
            long turns = (plain.steps() + TURN_STEPS - 1) / TURN_STEPS;
            for (long turn = 0; turn < turns; turn++) {
                int steps = (int) Math.min(TURN_STEPS, plain.steps() - turn * TURN_STEPS);
                // which run goes first alternates, so neither is always the one after a switch
                Turns first = turn % 2 == 0 ? plainTurns : augmentedTurns;
                first.take(steps);
                (first == plainTurns ? augmentedTurns : plainTurns).take(steps);
                // the reference's steps spread evenly between the turns
                while (reference != null && reference.steps < referenceSteps * (turn + 1) / turns) {
                    reference.step();
                }
            }
            int batch = plain.batchSize();
            return new Speeds(plainTurns.speed(batch), augmentedTurns.speed(batch),
                    reference == null ? Double.NaN : reference.speed(batch),
                    plainTurns.steadySteps, augmentedTurns.steadySteps, reference == null ? 0 : reference.steadySteps);
        } finally {
            plainTurns.trainer.network().close();
            augmentedTurns.trainer.network().close();
        }
    }

    /**
     * A run taken a turn at a time: each turn continues the same trainer for a few steps and stops it. A turn's
     * first step is left out of the speed as well: it makes its batch itself, without the batch thread's head
     * start, which a run that goes on does not pay.
     */
    private static final class Turns implements TrainingListener {
        final Trainer trainer;
        private final int warmUp;
        private TrainingControl control;
        private int remaining;
        private boolean first;
        private long lastStepEnd;
        private long steadyNanos;
        private int steadySteps;

        Turns(Trainer trainer, int warmUp) {
            this.trainer = trainer;
            this.warmUp = warmUp;
        }

        /** Takes the next {@code steps} steps. */
        void take(int steps) throws IOException, InterruptedException {
            control = new TrainingControl();
            remaining = steps;
            first = true;
            trainer.run(this, control);
        }

        @Override
        public void onStep(Step step) {
            long now = System.nanoTime();
            if (!first && step.step() > warmUp) {
                steadyNanos += now - lastStepEnd;
                steadySteps++;
            }
            first = false;
            lastStepEnd = now;
            if (--remaining == 0) {
                control.stop();
            }
        }

        double speed(int batch) {
            return samplesPerSecond(steadySteps, batch, steadyNanos);
        }
    }

    private static double samplesPerSecond(int steps, int batch, long nanos) {
        return steps * batch / (nanos / 1e9);
    }

    /** The same network as a DL4J MultiLayerNetwork, on the same batches; only {@code fit} is timed. */
    private static final class Reference implements AutoCloseable {
        private final ReferenceNetwork network;
        private final BatchMaker batches;
        private final int warmUp;
        int steps;
        int steadySteps;
        private long steadyNanos;

        Reference(TrainingConfig config, MnistSet train, int warmUp) {
            this.network = new ReferenceNetwork(config.seed(), config.learningRate(), config.dropout());
            this.batches = new BatchMaker(config, train);
            this.warmUp = warmUp;
        }

        void step() {
            BatchMaker.Batch batch = batches.make(steps);
            long start = System.nanoTime();
            network.fit(batch.input().pixels(), batch.input().labels());
            long nanos = System.nanoTime() - start;
            if (++steps > warmUp) {
                steadyNanos += nanos;
                steadySteps++;
            }
        }

        double speed(int batch) {
            return samplesPerSecond(steadySteps, batch, steadyNanos);
        }

        @Override
        public void close() {
            batches.close();
        }
    }
}
