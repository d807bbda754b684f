package com.digitstudio.app.train;

import com.digitstudio.app.AppContext;
import javafx.application.Platform;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an action on the FX thread at most once per interval, however often it is asked for and from whichever
 * thread: the first request schedules one run, later requests before it happens join it. Nothing runs (and no
 * animation keeps the FX pulse busy) while nobody asks. After a run that took {@code t}, the next waits at
 * least {@code 4t}, so a slow action cannot take more than a fifth of the FX thread.
 */
final class FxThrottle {
    private static final ScheduledExecutorService TIMER =
            Executors.newSingleThreadScheduledExecutor(AppContext.named("digit-studio-fx-throttle"));

    private final Runnable action;
    private final long intervalNanos;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile long nextAllowed;

    FxThrottle(long intervalMillis, Runnable action) {
        this.action = action;
        this.intervalNanos = TimeUnit.MILLISECONDS.toNanos(intervalMillis);
    }

    /** Asks for a run: soon, but not before the interval since the last one has passed. */
    void request() {
        if (scheduled.getAndSet(true)) {
            return;
        }
        long delay = nextAllowed - System.nanoTime();
        if (delay <= 0) {
            Platform.runLater(this::run);
        } else {
            TIMER.schedule(() -> Platform.runLater(this::run), delay, TimeUnit.NANOSECONDS);
        }
    }

    /** Runs the action now (on the FX thread), e.g. when a run ends and the last figures must show at once. */
    void flush() {
        run();
    }

    private void run() {
        scheduled.set(false);
        long start = System.nanoTime();
        nextAllowed = start + intervalNanos; // a request made by the action itself waits its turn
        action.run();
        long cost = System.nanoTime() - start;
        nextAllowed = start + Math.max(intervalNanos, 5 * cost);
    }
}
