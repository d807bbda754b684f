package com.digitstudio.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(value = 1, unit = TimeUnit.MINUTES)
class TrainingControlTest {
    @Test
    void aFreshControlLetsTheRunGoOn() throws InterruptedException {
        TrainingControl control = new TrainingControl();

        assertThat(control.awaitRunnable()).isTrue();
        assertThat(control.isPaused()).isFalse();
        assertThat(control.isStopRequested()).isFalse();
    }

    @Test
    void pauseBlocksUntilResume() throws InterruptedException {
        TrainingControl control = new TrainingControl();
        control.pause();
        AtomicReference<Boolean> answer = new AtomicReference<>();
        Thread trainer = new Thread(() -> {
            try {
                answer.set(control.awaitRunnable());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        trainer.start();

        TrainerTest.awaitState(trainer, Thread.State.WAITING);
        assertThat(answer.get()).as("still blocked").isNull();
        control.resume();
        trainer.join();

        assertThat(answer.get()).isTrue();
        assertThat(control.isPaused()).isFalse();
    }

    @Test
    void stopReleasesAPausedRunAndEndsIt() throws InterruptedException {
        TrainingControl control = new TrainingControl();
        control.pause();
        AtomicReference<Boolean> answer = new AtomicReference<>();
        Thread trainer = new Thread(() -> {
            try {
                answer.set(control.awaitRunnable());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        trainer.start();

        TrainerTest.awaitState(trainer, Thread.State.WAITING);
        control.stop();
        trainer.join();

        assertThat(answer.get()).isFalse();
        assertThat(control.isStopRequested()).isTrue();
    }

    @Test
    void afterStopTheRunDoesNotGoOnEvenIfResumed() throws InterruptedException {
        TrainingControl control = new TrainingControl();
        control.stop();
        control.resume();

        assertThat(control.awaitRunnable()).isFalse();
    }
}
