package com.digitstudio.app.draw;

import com.digitstudio.ink.InkRasterizer;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelInfo;
import javafx.beans.property.SimpleObjectProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The Draw tab's state and its inference scheduling, with a model the test can hold up. */
class DrawViewModelTest {
    private final InkRasterizer rasterizer = new InkRasterizer();
    private ExecutorService inference;
    private GatedModel model;
    private SimpleObjectProperty<DigitClassifier> modelProperty;
    private DrawViewModel viewModel;

    @BeforeAll
    static void startToolkit() throws TimeoutException {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void setUp() {
        inference = Executors.newSingleThreadExecutor();
        model = new GatedModel(3);
        modelProperty = new SimpleObjectProperty<>(model);
        viewModel = fx(() -> new DrawViewModel(modelProperty, inference));
    }

    @AfterEach
    void tearDown() {
        model.open();
        inference.shutdownNow();
    }

    @Test
    void emptyPadHasNoPredictionAndNeverCallsTheModel() {
        assertThat(fx(viewModel::getPrediction)).isNull();
        assertThat(fx(() -> viewModel.emptyProperty().get())).isTrue();
        assertThat(model.inputs).isEmpty();
    }

    @Test
    void strokesAreRecordedAsInkPointsInOrder() {
        model.open();
        fx(() -> {
            viewModel.beginStroke(0.1, 0.2, 5);
            viewModel.extendStroke(0.3, 0.4, 6);
            viewModel.extendStroke(0.3, 0.4, 7);
            viewModel.endStroke();
            viewModel.beginStroke(0.5, 0.5, 8);
            viewModel.endStroke();
        });
        var ink = fx(viewModel::getInk);
        assertThat(ink.strokes()).hasSize(2);
        assertThat(ink.strokes().get(0).points()).extracting(p -> p.x(), p -> p.y(), p -> p.time())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(0.1, 0.2, 5L),
                        org.assertj.core.groups.Tuple.tuple(0.3, 0.4, 6L));
        assertThat(ink.strokes().get(1).points()).hasSize(1);
    }

    @Test
    void newerDrawingReplacesThePendingRequestInsteadOfQueuingBehindIt() {
        fx(() -> viewModel.beginStroke(0.5, 0.1, 0));
        waitUntil(() -> model.inputs.size() == 1);
        fx(() -> {
            for (int i = 1; i <= 20; i++) {
                viewModel.extendStroke(0.5, 0.1 + i * 0.04, i);
            }
            viewModel.endStroke();
        });
        assertThat(model.inputs).as("one call running, the rest waiting in one slot").hasSize(1);

        model.open();
        waitUntil(() -> !fx(() -> viewModel.busyProperty().get()));

        float[] finalInput = rasterizer.rasterize(fx(viewModel::getInk)).orElseThrow();
        assertThat(model.inputs).as("the first drawing, then only the newest").hasSize(2);
        assertThat(model.inputs.get(1)).containsExactly(finalInput);
        assertThat(fx(viewModel::getPrediction).input()).containsExactly(finalInput);
    }

    @Test
    void resultsArriveWhileAStrokeIsStillBeingDrawn() {
        model.open();
        fx(() -> viewModel.beginStroke(0.5, 0.1, 0));
        fx(() -> viewModel.extendStroke(0.5, 0.8, 1));
        waitUntil(() -> fx(viewModel::getPrediction) != null && !fx(() -> viewModel.busyProperty().get()));
        assertThat(fx(viewModel::isDrawing)).isTrue();
        assertThat(fx(viewModel::getPrediction).digit()).isEqualTo(3);
    }

    @Test
    void clearRemovesThePredictionAndDropsTheResultStillBeingComputed() {
        fx(() -> viewModel.beginStroke(0.5, 0.1, 0));
        waitUntil(() -> model.inputs.size() == 1);
        fx(viewModel::clear);
        model.open();
        waitUntil(() -> !fx(() -> viewModel.busyProperty().get()));
        assertThat(fx(viewModel::getPrediction)).isNull();
        assertThat(fx(() -> viewModel.emptyProperty().get())).isTrue();
        assertThat(model.inputs).hasSize(1);
    }

    @Test
    void undoRemovesTheLastStrokeAndReadsWhatIsLeft() {
        model.open();
        fx(() -> {
            viewModel.beginStroke(0.5, 0.1, 0);
            viewModel.extendStroke(0.5, 0.9, 1);
            viewModel.endStroke();
            viewModel.beginStroke(0.2, 0.5, 2);
            viewModel.extendStroke(0.8, 0.5, 3);
            viewModel.endStroke();
        });
        waitUntil(() -> !fx(() -> viewModel.busyProperty().get()));
        fx(viewModel::undo);
        waitUntil(() -> !fx(() -> viewModel.busyProperty().get()));
        assertThat(fx(viewModel::getInk).strokes()).hasSize(1);
        float[] oneStroke = rasterizer.rasterize(fx(viewModel::getInk)).orElseThrow();
        assertThat(fx(viewModel::getPrediction).input()).containsExactly(oneStroke);

        fx(viewModel::undo);
        assertThat(fx(viewModel::getPrediction)).isNull();
        assertThat(fx(() -> viewModel.canUndoProperty().get())).isFalse();
    }

    @Test
    void anotherModelReadsTheCurrentDrawingAgain() {
        model.open();
        fx(() -> {
            viewModel.beginStroke(0.5, 0.1, 0);
            viewModel.extendStroke(0.5, 0.9, 1);
            viewModel.endStroke();
        });
        waitUntil(() -> fx(viewModel::getPrediction) != null && !fx(() -> viewModel.busyProperty().get()));
        GatedModel other = new GatedModel(8);
        other.open();
        fx(() -> modelProperty.set(other));
        waitUntil(() -> fx(viewModel::getPrediction).digit() == 8);
        assertThat(other.inputs).hasSize(1);
    }

    @Test
    void anImageIsReadAsItIsAndDrawingAgainReplacesIt() {
        model.open();
        float[] pixels = new float[784];
        pixels[14 * 28 + 14] = 1f;
        fx(() -> viewModel.showImage(new ImageInput("dot.png", pixels, null)));
        waitUntil(() -> fx(viewModel::getPrediction) != null);
        assertThat(fx(viewModel::getPrediction).input()).containsExactly(pixels);
        assertThat(fx(() -> viewModel.emptyProperty().get())).isFalse();

        fx(() -> viewModel.beginStroke(0.5, 0.5, 0));
        assertThat(fx(() -> viewModel.imageProperty().get())).isNull();
        assertThat(fx(viewModel::getInk).strokes()).hasSize(1);
    }

    @Test
    void aModelThatFailsGivesOneSentenceAndNoPrediction() {
        DigitClassifier broken = new GatedModel(0) {
            @Override
            public float[][] predict(float[] pixels, int n) {
                throw new IllegalStateException("shape mismatch");
            }
        };
        fx(() -> modelProperty.set(broken));
        fx(() -> viewModel.beginStroke(0.5, 0.5, 0));
        waitUntil(() -> fx(() -> viewModel.errorProperty().get()) != null);
        assertThat(fx(() -> viewModel.errorProperty().get())).isEqualTo("The model could not read this input: shape mismatch");
        assertThat(fx(viewModel::getPrediction)).isNull();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private static <T> T fx(Callable<T> callable) {
        return WaitForAsyncUtils.waitForAsyncFx(10_000, callable);
    }

    private static void fx(Runnable runnable) {
        WaitForAsyncUtils.waitForAsyncFx(10_000, runnable);
    }

    private static void waitUntil(BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met within 10 s", e);
        }
    }

    /** Answers {@code digit} with probability 0.9; holds every call until {@link #open()}; records its inputs. */
    static class GatedModel implements DigitClassifier {
        final List<float[]> inputs = new CopyOnWriteArrayList<>();
        private final Semaphore gate = new Semaphore(0);
        private final int digit;

        GatedModel(int digit) {
            this.digit = digit;
        }

        void open() {
            gate.release(1_000_000);
        }

        @Override
        public float[][] predict(float[] pixels, int n) {
            inputs.add(pixels.clone());
            try {
                gate.acquire();
                gate.release();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            float[] p = new float[10];
            java.util.Arrays.fill(p, 0.1f / 9);
            p[digit] = 0.9f;
            return new float[][]{p};
        }

        @Override
        public ModelInfo info() {
            return ModelInfo.untrained("test", java.util.Map.of()).withName("gated-" + digit);
        }
    }
}
