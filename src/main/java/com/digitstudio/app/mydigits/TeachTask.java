package com.digitstudio.app.mydigits;

import com.digitstudio.adapt.AdaptConfig;
import com.digitstudio.adapt.FineTuner;
import com.digitstudio.adapt.MyDigits;
import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.ink.InkRasterizer;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelInfo;
import com.digitstudio.support.Progress;
import javafx.concurrent.Task;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Teaches a copy of the network My digits, on the training executor. Every fourth drawing (once there are at
 * least eight) is held out of the teaching, so that the before/after on them is honest; MNIST's training images
 * are mixed in when MNIST is on disk (else the copy learns from My digits alone, and the result says what that
 * costs), and its test set then measures what the copy still reads of everyone else's digits.
 */
final class TeachTask extends Task<TeachTask.Result> {
    /** What teaching gave, measured. {@code mnistBefore}/{@code mnistAfter} are null without MNIST. */
    record Result(CnnNetwork taught, int learnedFrom, int heldOut, double before, double after, Double mnistBefore,
                  Double mnistAfter, double seconds) {
    }

    static final int HOLD_OUT_FROM = 8;

    private final CnnNetwork base;
    private final List<MyDigits.Drawing> drawings;
    private final Path mnistFolder;

    TeachTask(CnnNetwork base, List<MyDigits.Drawing> drawings, Path mnistFolder) {
        this.base = base;
        this.drawings = List.copyOf(drawings);
        this.mnistFolder = mnistFolder;
        updateTitle("Teaching");
    }

    @Override
    protected Result call() throws Exception {
        long start = System.nanoTime();
        updateMessage("Preparing your drawings…");
        InkRasterizer rasterizer = new InkRasterizer();
        List<FineTuner.Shot> learn = new ArrayList<>();
        List<FineTuner.Shot> held = new ArrayList<>();
        int index = 0;
        for (MyDigits.Drawing d : drawings) {
            Optional<float[]> pixels = rasterizer.rasterize(d.ink());
            if (pixels.isEmpty()) {
                continue;
            }
            FineTuner.Shot shot = new FineTuner.Shot(pixels.get(), d.label());
            if (drawings.size() >= HOLD_OUT_FROM && index % 4 == 3) {
                held.add(shot);
            } else {
                learn.add(shot);
            }
            index++;
        }
        if (learn.isEmpty()) {
            throw new IllegalStateException("There is nothing to teach: My digits has no drawings yet.");
        }
        MnistSet train = null;
        MnistSet test = null;
        if (mnistFolder != null && MnistData.isComplete(mnistFolder)) {
            updateMessage("Reading MNIST…");
            train = MnistData.load(mnistFolder, MnistData.Split.TRAIN);
            test = MnistData.load(mnistFolder, MnistData.Split.TEST);
        }
        // a copy of its own: the inference thread keeps using the model in use meanwhile
        double before;
        Double mnistBefore;
        CnnNetwork taught;
        try (CnnNetwork mine = CnnNetwork.fromParameters(base.parameters(), base.info())) {
            before = FineTuner.accuracy(mine, held);
            mnistBefore = test == null ? null : Evaluator.evaluate(mine, test).accuracy();
            taught = FineTuner.adapt(mine, learn, train, AdaptConfig.standard(), new Progress() {
                @Override
                public void update(String message, double fraction) {
                    updateMessage(message);
                    updateProgress(fraction, 1);
                }

                @Override
                public boolean cancelled() {
                    return isCancelled();
                }
            });
        }
        try {
            updateMessage("Measuring…");
            double after = FineTuner.accuracy(taught, held);
            Double mnistAfter = test == null ? null : Evaluator.evaluate(taught, test).accuracy();
            ModelInfo i = base.info();
            String name = i.name() == null ? "taught" : i.name().endsWith("-taught") ? i.name() : i.name() + "-taught";
            // the MNIST accuracy shown for it is the one measured here, or none (taught without MNIST)
            taught.setInfo(new ModelInfo(i.formatVersion(), name, i.architecture(), i.engine(), i.preset(),
                    i.hyperparameters(), i.steps(), mnistAfter, null, i.normalisation(), i.created()));
            return new Result(taught, learn.size(), held.size(), before, after, mnistBefore, mnistAfter,
                    (System.nanoTime() - start) / 1e9);
        } catch (RuntimeException e) {
            taught.close();
            throw e;
        }
    }
}
