package com.digitstudio.train;

import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluation;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.ModelInfo;
import com.digitstudio.model.SavedModel;
import com.digitstudio.support.Json;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The training loop. Every random choice (initial weights, the order of examples in each epoch, dropout masks,
 * augmentation) is derived from the seed and the step number, so a run is reproducible and a run resumed from a
 * checkpoint continues exactly as if it had never stopped.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    private static final int SPEED_WINDOW = 20;
    /** Steps between two flushes of negligible optimiser state: a value below 1e-30 needs ~175 steps to become subnormal. */
    static final int FLUSH_EVERY = 50;
    static final double NEGLIGIBLE = 1e-30;

    private final CnnNetwork network;
    private final TrainingConfig config;
    private final MnistSet train;
    private final MnistSet test;
    private final Map<String, GradientUpdater<?>> updaters = new LinkedHashMap<>();
    private final Map<String, INDArray> updaterViews = new LinkedHashMap<>();
    /** Adam's update in one pass per parameter, in place of ND4J's updater and subtraction; null for other optimisers. */
    private final FusedAdam fusedAdam;
    private long step;
    private Path checkpointFile;
    private Evaluation lastEvaluation;
    private final TrainingLog log;

    /** State written into a checkpoint beside the weights and the optimiser state. */
    record State(TrainingConfig config, long step, TrainingLog.Snapshot history) {
    }

    private Trainer(CnnNetwork network, TrainingConfig config, long step, Map<String, INDArray> savedUpdater,
                    TrainingLog.Snapshot history, MnistSet train, MnistSet test) {
        this.network = network;
        this.log = new TrainingLog(history);
        this.config = config.validate();
        this.step = step;
        this.train = train;
        this.test = test;
        IUpdater updater = config.optimizer().updater(new LearningRate(config));
        fusedAdam = config.optimizer() == Optimizer.ADAM ? new FusedAdam() : null;
        for (Map.Entry<String, INDArray> param : network.parameters().entrySet()) {
            long size = updater.stateSize(param.getValue().length());
            if (size == 0) {
                updaters.put(param.getKey(), updater.instantiate((INDArray) null, false));
                continue;
            }
            INDArray view = Nd4j.zeros(DataType.FLOAT, 1, size);
            INDArray saved = savedUpdater.get(param.getKey());
            boolean restore = saved != null && saved.length() == size;
            if (restore) {
                view.assign(saved.reshape(1, size));
            }
            GradientUpdater<?> gu = updater.instantiate(view, false);
            gu.setStateViewArray(view, param.getValue().shape(), param.getValue().ordering(), !restore);
            updaters.put(param.getKey(), gu);
            updaterViews.put(param.getKey(), view);
        }
    }

    /** A new run from freshly initialised weights. {@code test} may be null (no evaluations). */
    public static Trainer start(TrainingConfig config, MnistSet train, MnistSet test) {
        config.validate();
        ModelInfo info = ModelInfo.untrained(config.preset(), config.describe());
        return new Trainer(CnnNetwork.initialise(config.seed(), info), config, 0, Map.of(), null, train, test);
    }

    /** Continues the run saved in {@code checkpoint}; {@code config} (usually the checkpoint's own) may extend it. */
    public static Trainer resume(SavedModel checkpoint, TrainingConfig config, MnistSet train, MnistSet test) {
        State state = checkpointState(checkpoint);
        return new Trainer(checkpoint.toNetwork(), config, state.step(), checkpoint.updaterState(), state.history(), train, test);
    }

    /** The settings a checkpoint was saved with. */
    public static TrainingConfig checkpointConfig(SavedModel checkpoint) {
        return checkpointState(checkpoint).config();
    }

    private static State checkpointState(SavedModel checkpoint) {
        if (!checkpoint.isCheckpoint()) {
            throw new IllegalArgumentException("This model file has no training state to resume from; it is a finished model, not a checkpoint.");
        }
        State state;
        try {
            state = Json.MAPPER.readValue(checkpoint.trainingState(), State.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("The checkpoint's training state (training.json) is unreadable: it is not"
                    + " the JSON a checkpoint holds.");
        }
        if (state == null || state.config() == null) {
            throw new IllegalArgumentException("The checkpoint's training state (training.json) is empty.");
        }
        try {
            state.config().validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("The checkpoint's settings are out of range: " + e.getMessage());
        }
        if (state.step() < 0 || state.step() > state.config().steps()) {
            throw new IllegalArgumentException("The checkpoint says it stopped at step " + state.step() + " of "
                    + state.config().steps() + ", which cannot be.");
        }
        return state;
    }

    /** Writes checkpoints to {@code file} every {@code checkpointEvery} steps and when the run ends. */
    public Trainer checkpointTo(Path file) {
        this.checkpointFile = file;
        return this;
    }

    /**
     * Every step's batch loss and accuracy and every evaluation so far, including those before the checkpoint a
     * resumed run started from. Call it on the thread that runs the trainer.
     */
    public TrainingLog.Snapshot log() {
        return log.snapshot();
    }

    public long step() {
        return step;
    }

    public TrainingConfig config() {
        return config;
    }

    public CnnNetwork network() {
        return network;
    }

    /** Runs until the last step or until {@code control} stops it. Call from one thread. */
    public TrainingResult run(TrainingListener listener, TrainingControl control) throws IOException, InterruptedException {
        int batch = config.batchSize();
        long[] stepEnds = new long[SPEED_WINDOW];
        long trainingNanos = 0;
        long stepsThisRun = 0;
        StepTimes stepTimes = new StepTimes();
        long runStart = System.nanoTime();
        long lastStepEnd = runStart;
        double lastLoss = Double.NaN;
        boolean stopped = false;
        listener.onStart(config, step);
        LOG.info("Training from step {} to {} ({})", step, config.steps(), config);

        try (BatchMaker batches = new BatchMaker(config, train)) {
            while (step < config.steps()) {
                if (!control.awaitRunnable()) {
                    stopped = true;
                    break;
                }
                long t0 = System.nanoTime();
                BatchMaker.Batch input = batches.take(step);
                CnnNetwork.Step result = network.forwardBackward(input.input());
                int epoch = (int) (step * batch / train.size());
                double rate = config.schedule().rate(config.learningRate(), step, config.steps());
                update(result.gradients(), epoch, rate);
                if ((step + 1) % FLUSH_EVERY == 0) {
                    flushSubnormalState();
                }
                int correct = 0;
                for (int i = 0; i < batch; i++) {
                    if (input.input().labels()[i] == Evaluator.argmax(result.logits()[i])) {
                        correct++;
                    }
                }
                step++;
                stepsThisRun++;
                long t1 = System.nanoTime();
                trainingNanos += t1 - t0;
                lastLoss = result.loss();
                if (!Double.isFinite(lastLoss)) {
                    throw new TrainingDivergedException(step, config.learningRate());
                }
                long windowStart = stepsThisRun > SPEED_WINDOW ? stepEnds[(int) (stepsThisRun % SPEED_WINDOW)] : runStart;
                long windowSteps = Math.min(stepsThisRun, SPEED_WINDOW);
                stepEnds[(int) (stepsThisRun % SPEED_WINDOW)] = t1;
                stepTimes.add(t1 - lastStepEnd);
                lastStepEnd = t1;
                double speed = windowSteps * batch / ((t1 - windowStart) / 1e9);
                log.addStep(step, lastLoss, (double) correct / batch);
                listener.onStep(new TrainingListener.Step(step, config.steps(), (double) step * batch / train.size(),
                        lastLoss, (double) correct / batch, speed, rate, (t1 - runStart) / 1e9));

                boolean last = step == config.steps();
                if (test != null && (last || (config.evalEvery() > 0 && step % config.evalEvery() == 0))) {
                    evaluate(listener);
                }
                if (checkpointFile != null && !last && config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0) {
                    checkpoint(listener);
                }
            }
        }
        if (stopped && test != null && stepsThisRun > 0) {
            evaluate(listener);
        }
        network.setInfo(describe());
        if (checkpointFile != null && stepsThisRun > 0) {
            checkpoint(listener);
        }
        double seconds = (System.nanoTime() - runStart) / 1e9;
        double throughput = trainingNanos == 0 ? 0 : stepsThisRun * batch / (trainingNanos / 1e9);
        double medianStep = stepTimes.steadyMedianSeconds();
        LOG.info("Trained steps {} to {} in {} s ({} samples/s, median step {} ms)", step - stepsThisRun + 1, step,
                String.format(java.util.Locale.ROOT, "%.1f", seconds), String.format(java.util.Locale.ROOT, "%.0f", throughput),
                String.format(java.util.Locale.ROOT, "%.1f", medianStep * 1e3));
        return new TrainingResult(network, config, step, lastEvaluation, lastLoss, throughput, seconds, medianStep, stopped);
    }

    /** One optimiser step; {@code rate} is the schedule's rate at this step (Adam in one pass takes it as given). */
    private void update(Map<String, INDArray> gradients, int epoch, double rate) {
        Map<String, INDArray> params = network.parameters();
        for (Map.Entry<String, GradientUpdater<?>> entry : updaters.entrySet()) {
            String name = entry.getKey();
            INDArray gradient = gradients.get(name);
            if (fusedAdam != null) {
                fusedAdam.step(params.get(name), gradient, updaterViews.get(name), (int) step, rate);
            } else {
                entry.getValue().applyUpdater(gradient, (int) step, epoch);
                params.get(name).subi(gradient);
            }
        }
    }

    /**
     * Sets optimiser state values below {@link #NEGLIGIBLE} to zero. The momentum of a parameter whose gradient is
     * zero (a ReLU unit that never fires) shrinks by 0.9 a step and reaches float's subnormal range after ~800
     * steps, where the CPU's arithmetic is many times slower: Adam's update went from ~12 to ~40 ms a step. A
     * value below 1e-30 moves a weight by less than 1e-22 of the learning rate (Adam divides by at least its
     * epsilon, 1e-8), so nothing learned changes; done at fixed steps, resumed runs do it at the same ones.
     */
    private void flushSubnormalState() {
        for (INDArray state : updaterViews.values()) {
            BooleanIndexing.replaceWhere(state, 0.0, Conditions.absLessThan(NEGLIGIBLE));
        }
    }

    private void evaluate(TrainingListener listener) {
        lastEvaluation = Evaluator.evaluate(network, test);
        log.addEvaluation(step, lastEvaluation.accuracy(), lastEvaluation.loss());
        listener.onEvaluation(step, lastEvaluation);
    }

    private void checkpoint(TrainingListener listener) throws IOException {
        saveCheckpoint(checkpointFile);
        listener.onCheckpoint(step, checkpointFile);
    }

    /** The model as it stands, described with its training. */
    public ModelInfo describe() {
        ModelInfo base = ModelInfo.untrained(config.preset(), config.describe()).withName(config.preset() + "-" + step);
        return lastEvaluation == null ? base.withTraining(step, null, null)
                : base.withTraining(step, lastEvaluation.accuracy(), lastEvaluation.loss());
    }

    /**
     * A copy of the current model, without optimiser state: what "Save model" writes. The copy is taken now, so
     * it can be saved on another thread while training goes on.
     */
    public SavedModel model() {
        Map<String, INDArray> copy = new LinkedHashMap<>();
        network.parameters().forEach((name, value) -> copy.put(name, value.dup()));
        return new SavedModel(describe(), copy, null, Map.of());
    }

    /** Saves weights, optimiser state, step and settings, atomically. */
    public void saveCheckpoint(Path file) throws IOException {
        State state = new State(config, step, log.snapshot());
        ModelFiles.save(file, new SavedModel(describe(), network.parameters(), Json.line(state), updaterViews));
    }

    /** Stafford's mix13: turns nearby numbers into unrelated seeds. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** Feeds the configured schedule to ND4J's updaters, which ask for the rate by iteration. */
    private record LearningRate(Schedule schedule, double base, long total) implements ISchedule {
        LearningRate(TrainingConfig config) {
            this(config.schedule(), config.learningRate(), config.steps());
        }

        @Override
        public double valueAt(int iteration, int epoch) {
            return schedule.rate(base, iteration, total);
        }

        @Override
        public ISchedule clone() {
            return this;
        }
    }

    /** The loss became NaN or infinite: the learning rate is too high for this run. */
    public static final class TrainingDivergedException extends IllegalStateException {
        TrainingDivergedException(long step, double rate) {
            super("Training diverged at step " + step + " (the loss is no longer a number); try a learning rate below " + rate + ".");
        }
    }
}
