package com.digitstudio.train;

/** Lets another thread pause, resume or stop a run; the trainer looks at it between steps. */
public final class TrainingControl {
    private boolean paused;
    private volatile boolean stopRequested;

    public synchronized void pause() {
        paused = true;
    }

    public synchronized void resume() {
        paused = false;
        notifyAll();
    }

    /** Ends the run after the current step; what was learned is kept. */
    public synchronized void stop() {
        stopRequested = true;
        notifyAll();
    }

    public synchronized boolean isPaused() {
        return paused;
    }

    public boolean isStopRequested() {
        return stopRequested;
    }

    /** Blocks while paused; returns false if the run should stop. */
    synchronized boolean awaitRunnable() throws InterruptedException {
        while (paused && !stopRequested) {
            wait();
        }
        return !stopRequested;
    }
}
