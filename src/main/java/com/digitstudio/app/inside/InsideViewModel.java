package com.digitstudio.app.inside;

import com.digitstudio.app.draw.Prediction;
import com.digitstudio.data.DataLocator;
import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.explain.TopExamples;
import com.digitstudio.explain.TopExamplesCache;
import com.digitstudio.explain.Erasure;
import com.digitstudio.explain.Faithfulness;
import com.digitstudio.explain.LayerArithmetic;
import com.digitstudio.explain.Saliency;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.DigitClassifier;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/**
 * The Inside tab's state, on the FX thread. The layers come with the Draw tab's predictions (the same forward
 * pass); what needs the model again (its weights for the hover arithmetic, the saliency map, the erase test) runs
 * on the inference thread, the only one that calls a model. A saliency request made while one runs waits in a
 * single slot: the newest replaces it, nothing queues.
 */
public final class InsideViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(InsideViewModel.class);
    /** The saliency method, chosen on the erase test's figures (docs/decisions/0007-saliency.md). */
    static final Saliency METHOD = Saliency.GRADIENT_TIMES_INPUT;

    /** A selected map: layer name (conv1, pool1, conv2, pool2) and its index. */
    public record Selection(String layer, int map) {
    }

    /** The saliency of {@code input} for {@code digit}. */
    public record SaliencyMap(float[] input, int digit, float[] attribution) {
    }

    /** The erase test: the digit's probability before, with the salient ink erased, with random ink erased. */
    public record EraseResult(int digit, float before, float salient, float random, int erased, float[] salientImage) {
    }

    private final ObservableValue<DigitClassifier> model;
    private final ObservableValue<Prediction> prediction;
    private final Executor inference;
    private final Executor io;
    private final TopExamplesCache cache = TopExamplesCache.user();
    private final ReadOnlyObjectWrapper<TopExamples> topExamples = new ReadOnlyObjectWrapper<>(this, "topExamples");
    private final javafx.beans.property.ReadOnlyDoubleWrapper topProgress = new javafx.beans.property.ReadOnlyDoubleWrapper(this, "topProgress", -1);
    private final ReadOnlyStringWrapper topStatus = new ReadOnlyStringWrapper(this, "topStatus");
    private MnistSet topTestSet;
    private String fingerprint;
    private boolean lookedForTop;
    private final ReadOnlyObjectWrapper<LayerArithmetic> arithmetic = new ReadOnlyObjectWrapper<>(this, "arithmetic");
    private final ReadOnlyObjectWrapper<Selection> selection = new ReadOnlyObjectWrapper<>(this, "selection", new Selection("conv1", 0));
    private final ReadOnlyObjectWrapper<Integer> digitChoice = new ReadOnlyObjectWrapper<>(this, "digitChoice");
    private final ReadOnlyObjectWrapper<SaliencyMap> saliency = new ReadOnlyObjectWrapper<>(this, "saliency");
    private final ReadOnlyObjectWrapper<EraseResult> erase = new ReadOnlyObjectWrapper<>(this, "erase");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private boolean saliencyRunning;
    private Runnable saliencyPending;
    /** Read by the I/O thread's top-examples run to see that it is stale. */
    private volatile long modelGeneration;
    private final ObservableBooleanValue visible;

    public InsideViewModel(ObservableValue<DigitClassifier> model, ObservableValue<Prediction> prediction, Executor inference,
                           Executor io, ObservableBooleanValue visible) {
        this.model = model;
        this.prediction = prediction;
        this.inference = inference;
        this.io = io;
        this.visible = visible;
        model.addListener((obs, old, now) -> modelChanged(now));
        prediction.addListener((obs, old, now) -> {
            erase.set(null);
            if (visible.get()) {
                requestSaliency();
            }
        });
        visible.addListener((obs, old, now) -> {
            if (now) {
                requestSaliency();
            }
        });
        modelChanged(model.getValue());
        if (visible.get()) { // made for a tab that is showing already: its digit's saliency is due now
            requestSaliency();
        }
    }

    private void modelChanged(DigitClassifier now) {
        long generation = ++modelGeneration;
        saliencyPending = null;
        lookedForTop = false;
        fingerprint = null;
        topExamples.set(null);
        topProgress.set(-1);
        topStatus.set(null);
        arithmetic.set(null);
        saliency.set(null);
        erase.set(null);
        if (now == null) {
            message.set("No model is loaded.");
        } else if (!(now instanceof CnnNetwork network)) {
            String name = now.info().name();
            message.set(name + " is not Digit Studio's own network, so its layers' maps cannot be shown here; "
                    + "the Draw tab still reads digits with it.");
            run(now::layers, layers -> {
                if (generation == modelGeneration && !layers.isEmpty()) {
                    message.set(foreignLayers(name, layers));
                }
            });
        } else {
            message.set(null);
            if (visible.get()) {
                javafx.application.Platform.runLater(this::lookForTopExamples);
            }
            run(network::weights, weights -> {
                if (generation == modelGeneration) {
                    arithmetic.set(new LayerArithmetic(weights));
                }
            });
        }
    }

    /**
     * Looks for this model's top examples in the cache (once per model, when the tab shows): needs MNIST's test
     * set in the data folder.
     */
    public void lookForTopExamples() {
        if (lookedForTop || !(model.getValue() instanceof CnnNetwork network)) {
            return;
        }
        lookedForTop = true;
        long generation = modelGeneration;
        run(network::fingerprint, print -> {
            if (generation != modelGeneration) {
                return;
            }
            fingerprint = print;
            topStatus.set("Looking for the MNIST test set…");
            background(() -> {
                Path folder = DataLocator.resolve(null);
                if (!MnistData.missing(folder, MnistData.Split.TEST).isEmpty()) {
                    return null;
                }
                MnistSet test = MnistData.load(folder, MnistData.Split.TEST);
                return new Object[]{test, cache.get(print, test.size()).orElse(null), folder};
            }, found -> {
                if (generation != modelGeneration) {
                    return;
                }
                if (found == null) {
                    lookedForTop = false; // look again when the tab shows next: MNIST may have been downloaded
                    topStatus.set("Finding them needs MNIST's test set in " + DataLocator.resolve(null)
                            + ": download it from the Train tab.");
                    return;
                }
                topTestSet = (MnistSet) ((Object[]) found)[0];
                TopExamples cached = (TopExamples) ((Object[]) found)[1];
                topExamples.set(cached);
                topStatus.set(cached != null ? null
                        : "Not found yet for this model: it runs the 10,000 test images through a copy of the network once (a few seconds), then remembers.");
            });
        });
    }

    public boolean canComputeTopExamples() {
        return topTestSet != null && fingerprint != null && topProgress.get() < 0;
    }

    /** Runs the test set through a copy of the network, in the background, with progress; then caches it. */
    public void computeTopExamples() {
        if (!canComputeTopExamples() || !(model.getValue() instanceof CnnNetwork network)) {
            return;
        }
        long generation = modelGeneration;
        MnistSet test = topTestSet;
        String print = fingerprint;
        topProgress.set(0);
        topStatus.set("Running the test images through the network…");
        Runnable failed = () -> {
            if (generation == modelGeneration) {
                topProgress.set(-1);
                topStatus.set("Finding the top examples failed; see the log.");
            }
        };
        run(() -> CnnNetwork.fromParameters(network.parameters(), network.info()), copy -> background(() -> {
            try (copy) {
                TopExamples top = TopExamples.compute(copy, test,
                        f -> Platform.runLater(() -> {
                            if (generation == modelGeneration) {
                                topProgress.set(f);
                            }
                        }), () -> generation != modelGeneration);
                if (top != null) {
                    cache.put(print, top);
                }
                return top;
            }
        }, top -> {
            if (generation == modelGeneration) {
                topProgress.set(-1);
                topExamples.set(top);
                topStatus.set(null);
            }
        }), failed);
    }

    /** The test set the top examples index into, once found. */
    MnistSet topTestSet() {
        return topTestSet;
    }

    public ReadOnlyObjectProperty<TopExamples> topExamplesProperty() {
        return topExamples.getReadOnlyProperty();
    }

    /** Between 0 and 1 while the top examples are being computed, else -1. */
    public javafx.beans.property.ReadOnlyDoubleProperty topProgressProperty() {
        return topProgress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty topStatusProperty() {
        return topStatus.getReadOnlyProperty();
    }

    /**
     * Work that does not call the app's model (file reading, a network copy of its own), on the I/O thread. The
     * top examples' run (a few seconds, once per model) holds it: a model opened meanwhile waits for it.
     */
    private <T> void background(java.util.concurrent.Callable<T> work, java.util.function.Consumer<T> onFx) {
        long generation = modelGeneration;
        try {
            io.execute(() -> {
                try {
                    T value = work.call();
                    Platform.runLater(() -> onFx.accept(value));
                } catch (Exception e) {
                    LOG.warn("Finding the top examples failed", e);
                    Platform.runLater(() -> {
                        if (generation == modelGeneration) {
                            topProgress.set(-1);
                            topStatus.set("Finding the top examples failed: " + e.getMessage());
                        }
                    });
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("I/O executor closed");
        }
    }

    /** Which digit the saliency map and the erase test are about; null for the predicted one. */
    public void chooseDigit(Integer digit) {
        digitChoice.set(digit);
        erase.set(null);
        requestSaliency();
    }

    public void select(String layer, int map) {
        selection.set(new Selection(layer, map));
    }

    /** The digit the saliency is about now: the chosen one, or the prediction's. */
    public int targetDigit() {
        Prediction p = prediction.getValue();
        return digitChoice.get() != null ? digitChoice.get() : p == null ? 0 : p.digit();
    }

    private void requestSaliency() {
        Prediction p = prediction.getValue();
        if (p == null || p.layers() == null || !(model.getValue() instanceof CnnNetwork network)) {
            saliency.set(null);
            return;
        }
        float[] input = p.input();
        int digit = targetDigit();
        Runnable job = () -> {
            saliencyRunning = true;
            Runnable done = () -> {
                saliencyRunning = false;
                Runnable next = saliencyPending;
                saliencyPending = null;
                if (next != null) {
                    next.run();
                }
            };
            run(() -> METHOD.attribute(network, input, digit), attribution -> {
                if (network == model.getValue()) {
                    saliency.set(new SaliencyMap(input, digit, attribution));
                }
                done.run();
            }, done);
        };
        if (saliencyRunning) {
            saliencyPending = job;
        } else {
            job.run();
        }
    }

    /** Erases the 10% most salient ink and, beside it, as much random ink, and reads both again. */
    public void runEraseTest() {
        SaliencyMap map = saliency.get();
        if (map == null || !(model.getValue() instanceof CnnNetwork network)) {
            return;
        }
        run(() -> {
            float before = network.predict(map.input())[map.digit()];
            float[] salientImage = Erasure.mostSalient(map.input(), map.attribution());
            float salient = network.predict(salientImage)[map.digit()];
            SplittableRandom random = new SplittableRandom(42);
            double sum = 0;
            for (int i = 0; i < Faithfulness.RANDOM_DRAWS; i++) {
                sum += network.predict(Erasure.random(map.input(), random))[map.digit()];
            }
            int erased = Erasure.count(Erasure.ink(map.input(), 0).length);
            return new EraseResult(map.digit(), before, salient, (float) (sum / Faithfulness.RANDOM_DRAWS), erased, salientImage);
        }, result -> {
            if (saliency.get() == map) {
                erase.set(result);
            }
        });
    }

    private <T> void run(Supplier<T> work, java.util.function.Consumer<T> onFx) {
        run(work, onFx, () -> { });
    }

    /** {@code work} on the inference thread, then {@code onFx}; on a failure, {@code onFailure} (FX thread) and a sentence. */
    private <T> void run(Supplier<T> work, java.util.function.Consumer<T> onFx, Runnable onFailure) {
        long generation = modelGeneration;
        try {
            inference.execute(() -> {
                try {
                    T value = work.get();
                    Platform.runLater(() -> onFx.accept(value));
                } catch (RuntimeException e) {
                    LOG.warn("The Inside tab's work failed", e);
                    Platform.runLater(() -> {
                        onFailure.run();
                        if (generation == modelGeneration) {
                            message.set("The network could not be looked into: " + e.getMessage());
                        }
                    });
                }
            });
        } catch (RejectedExecutionException e) {
            LOG.debug("Inference executor closed");
        }
    }

    public ObservableValue<Prediction> predictionProperty() {
        return prediction;
    }

    public ReadOnlyObjectProperty<LayerArithmetic> arithmeticProperty() {
        return arithmetic.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Selection> selectionProperty() {
        return selection.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<Integer> digitChoiceProperty() {
        return digitChoice.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<SaliencyMap> saliencyProperty() {
        return saliency.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<EraseResult> eraseProperty() {
        return erase.getReadOnlyProperty();
    }

    /** What can be said of a model made elsewhere: its own layers, from its file, and what cannot be shown. */
    static String foreignLayers(String name, java.util.List<com.digitstudio.model.DigitClassifier.Layer> layers) {
        StringBuilder text = new StringBuilder(name).append(" was made elsewhere. Its layers, as its file describes them:\n");
        long total = 0;
        for (com.digitstudio.model.DigitClassifier.Layer layer : layers) {
            String shape = layer.outputShape().stream().map(String::valueOf).collect(java.util.stream.Collectors.joining("×"));
            text.append(String.format(java.util.Locale.ROOT, "%s (%s) → %s%s%n", layer.name(), layer.type(),
                    shape.isEmpty() ? "?" : shape,
                    layer.parameters() > 0 ? String.format(java.util.Locale.ROOT, ", %,d weights", layer.parameters()) : ""));
            total += layer.parameters();
        }
        text.append(String.format(java.util.Locale.ROOT, "%,d weights in all. Their live maps, kernels, arithmetic and "
                + "saliency are shown for Digit Studio's own network only; the Draw tab reads digits with this one.", total));
        return text.toString();
    }

    /** Why nothing can be shown (no model, a foreign model), or null. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }
}
