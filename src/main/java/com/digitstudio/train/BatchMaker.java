package com.digitstudio.train;

import com.digitstudio.data.MnistSet;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.TrainingBatch;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Assembles the training batches, one step ahead of the network, on a thread of its own: the examples of the
 * step (from the endless shuffled stream), their augmentation and the dropout mask. A batch depends only on the
 * seed and the step number, so making it early changes nothing: runs stay reproducible and resumable.
 */
public final class BatchMaker implements AutoCloseable {
    /** One step's input. */
    public record Batch(long step, TrainingBatch input) {
    }

    private final TrainingConfig config;
    private final MnistSet train;
    private final Augmenter augmenter = new Augmenter();
    private final ExecutorService thread = Executors.newSingleThreadExecutor(runnable -> {
        Thread t = new Thread(runnable, "digit-studio-batches");
        t.setDaemon(true);
        return t;
    });
    private Future<Batch> next;
    /** Patch buffers by step parity: step s's is reused for step s+2, made once step s has been trained on. */
    private final float[][] patchBuffers = new float[2][];
    private int[] order;
    private long orderEpoch = -1;

    public BatchMaker(TrainingConfig config, MnistSet train) {
        this.config = config;
        this.train = train;
    }

    /** The batch of step {@code step} (0-based), and the next one started in the background. */
    Batch take(long step) throws InterruptedException {
        Batch batch;
        try {
            batch = next != null && !next.isCancelled() ? next.get() : null;
        } catch (ExecutionException e) {
            throw new IllegalStateException("Preparing a training batch failed", e.getCause());
        }
        if (batch == null || batch.step() != step) {
            batch = make(step);
        }
        long following = step + 1;
        next = following < config.steps() ? thread.submit(() -> make(following)) : null;
        return batch;
    }

    /** Step {@code step}'s batch, made on the calling thread. */
    public Batch make(long step) {
        int size = config.batchSize();
        int pixels = MnistSet.PIXELS;
        float[] x = new float[size * pixels];
        int[] labels = new int[size];
        float[] keep = new float[size * CnnNetwork.HIDDEN];
        SplittableRandom random = new SplittableRandom(Trainer.mix(config.seed() ^ Trainer.mix(step + 1)));
        for (int i = 0; i < size; i++) {
            int index = exampleAt(step * size + i);
            train.copyPixels(index, x, i * pixels);
            labels[i] = train.label(index);
            if (config.augment()) {
                augmenter.augment(x, i * pixels, labels[i], random);
            }
        }
        double keepProbability = 1 - config.dropout();
        float kept = (float) (1 / keepProbability);
        for (int i = 0; i < keep.length; i++) {
            keep[i] = random.nextDouble() < keepProbability ? kept : 0f;
        }
        TrainingBatch input = TrainingBatch.of(x, labels, keep, patchBuffers[(int) (step & 1)]);
        patchBuffers[(int) (step & 1)] = input.patches();
        return new Batch(step, input);
    }

    /** Which training example fills position {@code position} of the endless shuffled stream. */
    private int exampleAt(long position) {
        int n = train.size();
        long epoch = position / n;
        if (epoch != orderEpoch) {
            order = permutation(n, new SplittableRandom(Trainer.mix(config.seed() * 31 + Trainer.mix(~epoch))));
            orderEpoch = epoch;
        }
        return order[(int) (position % n)];
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
