package com.digitstudio.app.train;

import com.digitstudio.train.Trainer;
import com.digitstudio.train.TrainingControl;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.function.Consumer;

/**
 * The point between two training steps, where the weights are still. The training thread passes it after every
 * step ({@link #atStepBoundary}): it runs the jobs other threads handed in (copy the weights for "Use this
 * model" or "Save model…", evaluate now) and, while a pause is asked for, waits there. Pausing here rather than
 * inside {@link TrainingControl} means a paused run can still hand out its weights. Stopping goes through
 * {@link TrainingControl#stop()}, which also releases a paused run.
 */
final class StepGate {
    /** Told when the training thread starts and stops waiting, on that thread. */
    interface ParkListener {
        void parked(boolean parked);
    }

    private final TrainingControl control;
    private final Queue<Consumer<Trainer>> jobs = new ArrayDeque<>();
    private boolean pauseRequested;
    private boolean closed;

    StepGate(TrainingControl control) {
        this.control = control;
    }

    synchronized void pause() {
        pauseRequested = true;
    }

    synchronized void resume() {
        pauseRequested = false;
        notifyAll();
    }

    /** Asks the run to end after the current step, keeping what it learned. */
    void stop() {
        control.stop();
        synchronized (this) {
            notifyAll();
        }
    }

    /**
     * Hands {@code job} to the training thread, to run at the next step boundary. Returns false when the run has
     * ended (the caller then runs the job itself, on the training executor).
     */
    synchronized boolean submit(Consumer<Trainer> job) {
        if (closed) {
            return false;
        }
        jobs.add(job);
        notifyAll();
        return true;
    }

    /** On the training thread, after each step: runs waiting jobs, then waits while paused. */
    void atStepBoundary(Trainer trainer, ParkListener listener) throws InterruptedException {
        boolean parked = false;
        try {
            while (true) {
                Consumer<Trainer> job;
                synchronized (this) {
                    job = jobs.poll();
                    if (job == null) {
                        if (!pauseRequested || control.isStopRequested()) {
                            return;
                        }
                        if (!parked) {
                            parked = true;
                            listener.parked(true);
                        }
                        wait();
                        continue;
                    }
                }
                job.accept(trainer);
            }
        } finally {
            if (parked) {
                listener.parked(false);
            }
        }
    }

    /**
     * On the training thread when the run has ended: runs the last jobs (with {@code trainer} null when the run
     * failed before it had one) and refuses new ones.
     */
    void close(Trainer trainer) {
        while (true) {
            Consumer<Trainer> job;
            synchronized (this) {
                job = jobs.poll();
                if (job == null) {
                    closed = true;
                    return;
                }
            }
            job.accept(trainer);
        }
    }
}
