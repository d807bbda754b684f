package com.digitstudio.train;

import com.digitstudio.Fixtures;
import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluation;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.SavedModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assertions.within;

/** The training loop on the mini fixture, with small batches and few steps. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TrainerTest {
    private static MnistSet train;
    private static MnistSet test;

    @TempDir
    Path dir;

    @BeforeAll
    static void loadMini() throws IOException {
        train = MnistData.load(Fixtures.mini(), MnistData.Split.TRAIN);
        test = MnistData.load(Fixtures.mini(), MnistData.Split.TEST);
    }

    /** FAST (Adam, cosine, dropout 0.4) made small: batch 32, no evaluations or checkpoints on the way. */
    private static TrainingConfig small(long steps) {
        return Preset.FAST.config().withSteps(steps).withBatchSize(32).withEvalEvery(0).withCheckpointEvery(0);
    }

    /** Records every step event. */
    private static class Recorder implements TrainingListener {
        final List<Step> steps = new ArrayList<>();
        final List<Long> evaluations = new ArrayList<>();
        final List<Long> checkpoints = new ArrayList<>();
        long firstStep = -1;

        @Override
        public void onStart(TrainingConfig config, long firstStep) {
            this.firstStep = firstStep;
        }

        @Override
        public void onStep(Step step) {
            steps.add(step);
        }

        @Override
        public void onEvaluation(long step, Evaluation evaluation) {
            evaluations.add(step);
        }

        @Override
        public void onCheckpoint(long step, Path file) {
            checkpoints.add(step);
        }

        double meanLoss(int from, int to) {
            return steps.subList(from, to).stream().mapToDouble(Step::loss).average().orElseThrow();
        }
    }

    private static void assertParametersClose(Map<String, INDArray> actual, Map<String, INDArray> expected, double tolerance) {
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (String name : expected.keySet()) {
            double difference = actual.get(name).sub(expected.get(name)).amaxNumber().doubleValue();
            assertThat(difference).as("largest difference in %s", name).isLessThanOrEqualTo(tolerance);
        }
    }

    /** One short FAST run (40 steps of 32), shared by the tests that look at what it reported and made. */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AShortFastRun {
        final Recorder recorder = new Recorder();
        TrainingResult result;
        Trainer trainer;
        SavedModel modelAtStep1;
        INDArray logitsWeightsAtStep1;

        @BeforeAll
        void run() throws Exception {
            trainer = Trainer.start(small(40), train, test);
            result = trainer.run(new Recorder() {
                @Override
                public void onStart(TrainingConfig config, long firstStep) {
                    recorder.onStart(config, firstStep);
                }

                @Override
                public void onStep(Step step) {
                    recorder.onStep(step);
                    if (step.step() == 1) {
                        modelAtStep1 = trainer.model();
                        logitsWeightsAtStep1 = trainer.network().parameters().get("logits_w").dup();
                    }
                }

                @Override
                public void onEvaluation(long step, Evaluation evaluation) {
                    recorder.onEvaluation(step, evaluation);
                }
            }, new TrainingControl());
        }

        @Test
        void lowersTheLoss() {
            // measured: from ~2.1 over the first 8 steps to ~0.5 over the last 8
            assertThat(recorder.meanLoss(32, 40)).isLessThan(0.5 * recorder.meanLoss(0, 8));
        }

        @Test
        void reportsEveryStep() {
            assertThat(recorder.firstStep).isZero();
            assertThat(recorder.steps).extracting(TrainingListener.Step::step)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, 40).boxed().toList());
            assertThat(recorder.steps).allSatisfy(s -> {
                assertThat(s.totalSteps()).isEqualTo(40);
                assertThat(s.samplesPerSecond()).isPositive();
                assertThat(s.batchAccuracy()).isBetween(0.0, 1.0);
                assertThat(s.loss()).isPositive();
            });
            assertThat(recorder.steps.get(39).epoch()).isCloseTo(40 * 32 / 2000.0, within(1e-9));
        }

        @Test
        void followsTheCosineSchedule() {
            assertThat(recorder.steps.get(0).learningRate()).isEqualTo(0.002);
            assertThat(recorder.steps.get(20).learningRate()).isCloseTo(0.001, within(1e-12));
            assertThat(recorder.steps.get(39).learningRate()).isLessThan(recorder.steps.get(38).learningRate());
        }

        @Test
        void evaluatesOnTheTestSetAtTheEnd() {
            assertThat(recorder.evaluations).containsExactly(40L);
            assertThat(result.steps()).isEqualTo(40);
            assertThat(result.stopped()).isFalse();
            assertThat(result.evaluation().examples()).isEqualTo(500);
            assertThat(result.evaluation().accuracy()).isGreaterThan(0.7); // measured 0.89
            assertThat(result.samplesPerSecond()).isPositive();
        }

        @Test
        void theModelDescribesItsTraining() {
            SavedModel model = trainer.model();

            assertThat(model.isCheckpoint()).isFalse();
            assertThat(model.info().architecture()).isEqualTo(CnnNetwork.ARCHITECTURE);
            assertThat(model.info().preset()).isEqualTo("fast");
            assertThat(model.info().steps()).isEqualTo(40);
            assertThat(model.info().testAccuracy()).isEqualTo(result.evaluation().accuracy());
            assertThat(model.info().testLoss()).isEqualTo(result.evaluation().loss());
            assertThat(model.info().hyperparameters()).containsEntry("batch_size", "32").containsEntry("optimizer", "adam");
        }

        @Test
        void theSavedModelIsASnapshotThatFurtherTrainingDoesNotChange() {
            assertThat(trainer.network().parameters().get("logits_w")).isNotEqualTo(logitsWeightsAtStep1);
            assertThat(modelAtStep1.parameters().get("logits_w")).isEqualTo(logitsWeightsAtStep1);
            assertThat(modelAtStep1.info().steps()).isEqualTo(1);
        }
    }

    @Test
    void theSameSeedGivesIdenticalParameters() throws Exception {
        TrainingConfig config = small(3).withSeed(11);

        Trainer first = Trainer.start(config, train, null);
        first.run(new Recorder(), new TrainingControl());
        Trainer second = Trainer.start(config, train, null);
        second.run(new Recorder(), new TrainingControl());

        assertParametersClose(second.network().parameters(), first.network().parameters(), 0);
        assertThat(second.network().parameters().get("logits_w")).as("it did train")
                .isNotEqualTo(CnnNetwork.initialise(11, second.network().info()).parameters().get("logits_w"));
    }

    /**
     * The key checkpoint property: a run stopped (or crashed) and resumed from its checkpoint ends where an
     * uninterrupted run ends. The runs use Adam (its moments must be restored), the cosine schedule (it depends on
     * the step), dropout and augmentation (their random numbers depend on the step), and a training set of 96
     * images, 3 batches, so that they cross epochs (the order is reshuffled each epoch) and stop inside one.
     */
    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class ResumingFromACheckpoint {
        final MnistSet small = train.head(96);
        final TrainingConfig config = small(6).withAugment(true).withSeed(5).withCheckpointEvery(3);
        Trainer uninterrupted;

        @BeforeAll
        void runWithoutInterruption() throws Exception {
            uninterrupted = Trainer.start(config, small, null);
            uninterrupted.run(new Recorder(), new TrainingControl());
        }

        @Test
        void aRunStoppedAndResumedEndsLikeAnUninterruptedRun() throws Exception {
            Path checkpoint = dir.resolve("run.ckpt.dsm");
            TrainingControl control = new TrainingControl();
            Recorder beforeStop = new Recorder() {
                @Override
                public void onStep(Step step) {
                    super.onStep(step);
                    if (step.step() == 2) {
                        control.stop();
                    }
                }
            };
            TrainingResult stopped = Trainer.start(config, small, null).checkpointTo(checkpoint).run(beforeStop, control);
            assertThat(stopped.stopped()).isTrue();
            assertThat(stopped.steps()).isEqualTo(2);
            assertThat(beforeStop.checkpoints).as("a stopped run saves a checkpoint").containsExactly(2L);

            SavedModel saved = ModelFiles.read(checkpoint);
            assertThat(saved.isCheckpoint()).isTrue();
            assertThat(Trainer.checkpointConfig(saved)).isEqualTo(config);
            Recorder afterResume = new Recorder();
            Trainer resumed = Trainer.resume(saved, Trainer.checkpointConfig(saved), small, null);
            TrainingResult result = resumed.run(afterResume, new TrainingControl());

            assertThat(afterResume.firstStep).isEqualTo(2);
            assertThat(afterResume.steps.get(0).step()).isEqualTo(3);
            assertThat(result.steps()).isEqualTo(6);
            assertThat(result.stopped()).isFalse();
            assertParametersClose(resumed.network().parameters(), uninterrupted.network().parameters(), 1e-5);

            TrainingLog.Snapshot whole = resumed.log();
            TrainingLog.Snapshot reference = uninterrupted.log();
            assertThat(whole.steps()).as("the log goes on from the checkpoint's").containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(whole.accuracy()).containsExactly(reference.accuracy());
            for (int i = 0; i < 6; i++) {
                assertThat(whole.loss()[i]).as("loss at step %d", i + 1).isCloseTo(reference.loss()[i], within(1e-4f));
            }
        }

        @Test
        void aCrashedRunResumesFromItsLastPeriodicCheckpoint() throws Exception {
            Path checkpoint = dir.resolve("crash.ckpt.dsm");
            Recorder crashing = new Recorder() {
                @Override
                public void onStep(Step step) {
                    super.onStep(step);
                    if (step.step() == 5) {
                        throw new IllegalStateException("the power went out");
                    }
                }
            };
            assertThatThrownBy(() -> Trainer.start(config, small, null).checkpointTo(checkpoint)
                    .run(crashing, new TrainingControl())).hasMessage("the power went out");
            assertThat(crashing.checkpoints).as("checkpoints every 3 steps").containsExactly(3L);

            SavedModel saved = ModelFiles.read(checkpoint);
            Trainer resumed = Trainer.resume(saved, Trainer.checkpointConfig(saved), small, null);
            Recorder afterResume = new Recorder();
            resumed.run(afterResume, new TrainingControl());

            assertThat(afterResume.steps.get(0).step()).isEqualTo(4);
            assertParametersClose(resumed.network().parameters(), uninterrupted.network().parameters(), 1e-5);
        }
    }

    @Test
    void pauseBlocksTheRunUntilResume() throws Exception {
        TrainingControl control = new TrainingControl();
        CountDownLatch pausedAtStep2 = new CountDownLatch(1);
        Recorder recorder = new Recorder() {
            @Override
            public void onStep(Step step) {
                super.onStep(step);
                if (step.step() == 2) {
                    control.pause();
                    pausedAtStep2.countDown();
                }
            }
        };
        Trainer trainer = Trainer.start(small(3), train, null);
        AtomicReference<TrainingResult> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(trainer.run(recorder, control));
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "test-training");
        thread.start();

        assertThat(pausedAtStep2.await(2, TimeUnit.MINUTES)).isTrue();
        awaitState(thread, Thread.State.WAITING);
        assertThat(control.isPaused()).isTrue();
        assertThat(trainer.step()).isEqualTo(2);
        assertThat(recorder.steps).hasSize(2);

        control.resume();
        thread.join(TimeUnit.MINUTES.toMillis(2));

        assertThat(failure.get()).isNull();
        assertThat(thread.isAlive()).isFalse();
        assertThat(result.get().steps()).isEqualTo(3);
        assertThat(result.get().stopped()).isFalse();
    }

    @Test
    void stopEndsAPausedRunKeepingWhatWasLearned() throws Exception {
        TrainingControl control = new TrainingControl();
        control.pause();
        Trainer trainer = Trainer.start(small(3), train, null);
        AtomicReference<TrainingResult> result = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(trainer.run(new Recorder(), control));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, "test-training");
        thread.start();

        awaitState(thread, Thread.State.WAITING);
        control.stop();
        thread.join(TimeUnit.MINUTES.toMillis(1));

        assertThat(result.get().stopped()).isTrue();
        assertThat(result.get().steps()).isZero();
    }

    @Test
    void resumeRefusesAFinishedModel() {
        CnnNetwork network = CnnNetwork.initialise(1, com.digitstudio.model.ModelInfo.untrained("fast", Map.of()));
        SavedModel finished = new SavedModel(network.info(), network.parameters(), null, Map.of());

        assertThatThrownBy(() -> Trainer.resume(finished, small(5), train, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("This model file has no training state to resume from; it is a finished model, not a checkpoint.");
    }

    @Test
    void startRefusesAnInvalidConfiguration() {
        assertThatThrownBy(() -> Trainer.start(small(5).withBatchSize(0), train, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Batch size must be between 1 and 4096 (got 0).");
    }

    /** Waits (without sleeping) until {@code thread} is in {@code state}; fails if it ends first. */
    static void awaitState(Thread thread, Thread.State state) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (thread.getState() != state) {
            if (thread.getState() == Thread.State.TERMINATED) {
                fail("the thread ended instead of reaching " + state);
            }
            if (System.nanoTime() > deadline) {
                fail("the thread did not reach " + state + "; it is " + thread.getState());
            }
            java.util.concurrent.locks.LockSupport.parkNanos(1_000_000); // poll every millisecond, leaving the CPU to the trainer
        }
    }
}
