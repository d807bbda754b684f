package com.digitstudio.app.draw;

import com.digitstudio.ink.Ink;
import com.digitstudio.ink.InkPoint;
import com.digitstudio.ink.InkRasterizer;
import com.digitstudio.ink.Stroke;
import com.digitstudio.model.DigitClassifier;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * The Draw tab's state: the drawing (or an opened image), and what the model makes of it. Used on the FX thread
 * only; the model runs in a {@link PredictTask} on the inference executor.
 * <p>
 * Every change of the input asks for a prediction. At most one task runs; while it runs, a newer request replaces
 * the pending one (there is one pending slot, never a queue), so when the task ends the newest input is read next
 * and everything in between is skipped. Results of requests made before a clear, an undo, a new image or a new
 * model are dropped; results made while a stroke grows are shown as they come, so the display follows the hand.
 */
public final class DrawViewModel {
    private static final Logger LOG = LoggerFactory.getLogger(DrawViewModel.class);

    private final ObservableValue<DigitClassifier> model;
    private final Executor inference;
    private final InkRasterizer rasterizer;

    private final ReadOnlyObjectWrapper<Ink> ink = new ReadOnlyObjectWrapper<>(this, "ink", Ink.EMPTY);
    private final ReadOnlyObjectWrapper<ImageInput> image = new ReadOnlyObjectWrapper<>(this, "image");
    private final ReadOnlyObjectWrapper<Prediction> prediction = new ReadOnlyObjectWrapper<>(this, "prediction");
    private final ReadOnlyDoubleWrapper inferenceMillis = new ReadOnlyDoubleWrapper(this, "inferenceMillis", Double.NaN);
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper empty = new ReadOnlyBooleanWrapper(this, "empty", true);
    private final ReadOnlyBooleanWrapper canUndo = new ReadOnlyBooleanWrapper(this, "canUndo");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");

    private Ink committed = Ink.EMPTY;
    private List<InkPoint> current;

    /** Identifies each request; results older than {@link #shownFrom} are not shown. */
    private long generation;
    private long shownFrom;
    private Request running;
    private Request pending;

    private record Request(long generation, DigitClassifier model, Ink ink, float[] pixels) {
        PredictTask task(InkRasterizer rasterizer) {
            return pixels != null ? PredictTask.forPixels(model, pixels) : PredictTask.forInk(model, ink, rasterizer);
        }
    }

    /**
     * @param model     the model to use; a change of model reads the current input again
     * @param inference where model calls run: one thread, the only one that calls the model
     */
    public DrawViewModel(ObservableValue<DigitClassifier> model, Executor inference) {
        this(model, inference, new InkRasterizer());
    }

    public DrawViewModel(ObservableValue<DigitClassifier> model, Executor inference, InkRasterizer rasterizer) {
        this.model = model;
        this.inference = inference;
        this.rasterizer = rasterizer;
        empty.bind(Bindings.createBooleanBinding(() -> ink.get().isEmpty() && image.get() == null, ink, image));
        model.addListener((obs, old, now) -> inputChanged(true));
    }

    // ---- drawing -------------------------------------------------------------------------------------------

    /** The pen went down at (x, y): a new stroke starts. An image being shown makes way for the drawing. */
    public void beginStroke(double x, double y, long time) {
        boolean hadImage = image.get() != null;
        if (hadImage) {
            image.set(null);
            committed = Ink.EMPTY;
        }
        if (current != null) {
            endStroke();
        }
        current = new ArrayList<>();
        current.add(new InkPoint(x, y, time));
        publishInk(hadImage);
    }

    /** The pen moved to (x, y) while down. */
    public void extendStroke(double x, double y, long time) {
        if (current == null) {
            beginStroke(x, y, time);
            return;
        }
        InkPoint last = current.get(current.size() - 1);
        if (last.x() == x && last.y() == y) {
            return;
        }
        current.add(new InkPoint(x, y, time));
        publishInk(false);
    }

    /** The pen went up: the stroke is kept. */
    public void endStroke() {
        if (current == null) {
            return;
        }
        committed = committed.withStroke(new Stroke(current));
        LOG.debug("Stroke of {} points", current.size());
        current = null;
        canUndo.set(true);
    }

    public boolean isDrawing() {
        return current != null;
    }

    /** Removes the last stroke, or the image being shown. */
    public void undo() {
        endStroke();
        if (image.get() != null) {
            image.set(null);
            committed = Ink.EMPTY;
        } else {
            committed = committed.withoutLastStroke();
        }
        publishInk(true);
    }

    /** Removes everything: no input, so no prediction. */
    public void clear() {
        current = null;
        committed = Ink.EMPTY;
        image.set(null);
        publishInk(true);
    }

    /** Shows a digit read from an image file instead of the drawing. */
    public void showImage(ImageInput input) {
        current = null;
        committed = Ink.EMPTY;
        image.set(input);
        publishInk(true);
    }

    private void publishInk(boolean reset) {
        ink.set(current == null ? committed : committed.withStroke(new Stroke(current)));
        canUndo.set(!committed.strokes().isEmpty() || current != null || image.get() != null);
        inputChanged(reset);
    }

    // ---- predictions ---------------------------------------------------------------------------------------

    /** {@code reset}: results asked for before now must not be shown (the input lost something, or the model changed). */
    private void inputChanged(boolean reset) {
        generation++;
        if (reset) {
            shownFrom = generation;
        }
        error.set(null);
        DigitClassifier classifier = model.getValue();
        ImageInput shownImage = image.get();
        Ink drawing = ink.get();
        if (classifier == null || (shownImage == null && drawing.isEmpty())) {
            pending = null;
            prediction.set(null);
            return;
        }
        Request request = new Request(generation, classifier, drawing, shownImage == null ? null : shownImage.pixels());
        if (running != null) {
            pending = request;
        } else {
            start(request);
        }
    }

    private void start(Request request) {
        PredictTask task = request.task(rasterizer);
        running = request;
        busy.set(true);
        task.setOnSucceeded(event -> finished(request, task.getValue(), null));
        task.setOnFailed(event -> finished(request, null, task.getException()));
        try {
            inference.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("Inference executor is shut down; prediction skipped");
            running = null;
            pending = null;
            busy.set(false);
        }
    }

    private void finished(Request request, Prediction result, Throwable failure) {
        running = null;
        if (request.generation() >= shownFrom) {
            if (result != null) {
                prediction.set(result);
                inferenceMillis.set(result.millis());
                LOG.debug("Prediction shown: {} ({} ms on the inference thread)", result.digit(), result.millis());
            } else {
                LOG.warn("The model failed to read the input", failure);
                prediction.set(null);
                error.set("The model could not read this input: " + describe(failure));
            }
        }
        Request next = pending;
        pending = null;
        if (next != null) {
            start(next);
        } else {
            busy.set(false);
        }
    }

    private static String describe(Throwable failure) {
        String message = failure == null ? null : failure.getMessage();
        return message == null || message.isBlank() ? "an internal error (see the log)." : message;
    }

    // ---- properties ----------------------------------------------------------------------------------------

    /** The model in use (may hold null). */
    public ObservableValue<DigitClassifier> modelProperty() {
        return model;
    }

    public boolean hasModel() {
        return model.getValue() != null;
    }

    /** The drawing, including a stroke still being drawn. */
    public ReadOnlyObjectProperty<Ink> inkProperty() {
        return ink.getReadOnlyProperty();
    }

    public Ink getInk() {
        return ink.get();
    }

    /** The image being read instead of a drawing, or null. */
    public ReadOnlyObjectProperty<ImageInput> imageProperty() {
        return image.getReadOnlyProperty();
    }

    /** The model's reading of the current input, or null when there is nothing to read (or no model). */
    public ReadOnlyObjectProperty<Prediction> predictionProperty() {
        return prediction.getReadOnlyProperty();
    }

    public Prediction getPrediction() {
        return prediction.get();
    }

    /** Duration of the last model call in milliseconds; NaN before the first. */
    public ReadOnlyDoubleProperty inferenceMillisProperty() {
        return inferenceMillis.getReadOnlyProperty();
    }

    /** True while a prediction is being computed. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** True when there is neither a drawing nor an image. */
    public ReadOnlyBooleanProperty emptyProperty() {
        return empty.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty canUndoProperty() {
        return canUndo.getReadOnlyProperty();
    }

    /** A sentence when the model failed on the current input, else null. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }
}
