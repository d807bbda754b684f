package com.digitstudio.app.mydigits;

import com.digitstudio.adapt.MyDigits;
import com.digitstudio.ink.Ink;
import com.digitstudio.support.UserMessages;
import javafx.application.Platform;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.concurrent.Task;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The user's drawings with their digits, as the app shows them: read from {@link MyDigits}'s file at start. Each
 * change shows at once and is then applied to the file (on the I/O executor, in order) with {@link MyDigits#update},
 * to what the file holds at that moment: another app writing the same file loses nothing, and its drawings appear
 * here when this one next writes, or {@link #refresh}es (the window does when it is focused). On the FX thread.
 */
public final class MyDigitsModel {
    private static final Logger LOG = LoggerFactory.getLogger(MyDigitsModel.class);
    private final Path file;
    private final Executor io;
    private final ObservableList<MyDigits.Drawing> drawings = FXCollections.observableArrayList();
    /** One read-only view, kept: a view made per call listens weakly and its listeners go with it. */
    private final ObservableList<MyDigits.Drawing> readOnly = FXCollections.unmodifiableObservableList(drawings);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    /** Changes shown here and not yet in the file: made before it was read, or after a write that failed. */
    private final List<MyDigits.Change> unsaved = new ArrayList<>();
    /** Batches of changes handed to the I/O executor, oldest first, until their write ends. */
    private final Deque<List<MyDigits.Change>> inFlight = new ArrayDeque<>();
    private boolean loaded;
    private boolean refreshing;

    public MyDigitsModel(Path file, Executor io) {
        this.file = file;
        this.io = io;
    }

    public Path file() {
        return file;
    }

    /** Reads the file on the I/O executor; until then (and if it fails) the list holds only what was added meanwhile, and nothing is written. */
    public void load() {
        Task<List<MyDigits.Drawing>> task = reading();
        task.setOnSucceeded(e -> {
            List<MyDigits.Drawing> all = task.getValue();
            for (MyDigits.Change change : unsaved) {
                all = change.applyTo(all);
            }
            drawings.setAll(all);
            loaded = true;
            if (!unsaved.isEmpty()) {
                flush();
            }
        });
        task.setOnFailed(e -> problem.set(UserMessages.cannotOpen(file.getFileName().toString(), "your digits",
                task.getException()) + " It is left as it is; new drawings are not saved until it is fixed or moved."));
        io.execute(task);
    }

    /**
     * Reads the file again, for what another window of the app changed, unless a change of this one is still on
     * its way (its write shows the file anyway). A file that has become unreadable leaves the list as it is.
     */
    public void refresh() {
        if (!loaded || refreshing || !inFlight.isEmpty() || !unsaved.isEmpty()) {
            return;
        }
        refreshing = true;
        Task<List<MyDigits.Drawing>> task = reading();
        task.setOnSucceeded(e -> {
            refreshing = false;
            showIfNothingPending(task.getValue());
        });
        task.setOnFailed(e -> {
            refreshing = false;
            LOG.warn("Reading my digits again from {} failed", file, task.getException());
        });
        io.execute(task);
    }

    public ObservableList<MyDigits.Drawing> drawings() {
        return readOnly;
    }

    /** Why the list cannot be read or saved, or null. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    public MyDigits.Drawing add(int label, Ink ink) {
        MyDigits.Drawing drawing = MyDigits.Drawing.of(label, ink);
        drawings.add(drawing);
        changed(new MyDigits.Added(drawing));
        return drawing;
    }

    public void delete(MyDigits.Drawing drawing) {
        drawings.removeIf(d -> d.id().equals(drawing.id()));
        changed(new MyDigits.Deleted(drawing.id()));
    }

    public void relabel(MyDigits.Drawing drawing, int label) {
        for (int i = 0; i < drawings.size(); i++) {
            if (drawings.get(i).id().equals(drawing.id())) {
                drawings.set(i, drawing.relabelled(label));
            }
        }
        changed(new MyDigits.Relabelled(drawing.id(), label));
    }

    public int count(int digit) {
        return (int) drawings.stream().filter(d -> d.label() == digit).count();
    }

    private void changed(MyDigits.Change change) {
        unsaved.add(change);
        if (loaded) {
            flush(); // never write before the file was read, nor over one that could not be
        }
    }

    /** Hands every unsaved change to the I/O executor, to be applied to the file as one update. */
    private void flush() {
        List<MyDigits.Change> batch = List.copyOf(unsaved);
        unsaved.clear();
        inFlight.add(batch);
        io.execute(() -> {
            try {
                List<MyDigits.Drawing> written = MyDigits.update(file, batch);
                Platform.runLater(() -> written(batch, written));
            } catch (Exception e) {
                LOG.warn("Saving my digits to {} failed", file, e);
                String sentence = UserMessages.cannotSave(file.getFileName().toString(), e);
                Platform.runLater(() -> failed(batch, sentence));
            }
        });
    }

    /**
     * The file as a write left it, other apps' drawings included: shown once no change of ours is on its way.
     * Changes are kept until written, so what this shows is never less than what the user did.
     */
    private void written(List<MyDigits.Change> batch, List<MyDigits.Drawing> file) {
        if (inFlight.peekFirst() != batch) {
            return; // an earlier batch failed: this one is queued again with it
        }
        inFlight.removeFirst();
        if (inFlight.isEmpty() && unsaved.isEmpty()) {
            problem.set(null);
        }
        showIfNothingPending(file);
    }

    /** Shows what the file holds, unless a change of ours is not in it yet (its own write will show the file). */
    private void showIfNothingPending(List<MyDigits.Drawing> file) {
        if (inFlight.isEmpty() && unsaved.isEmpty() && !file.equals(drawings)) {
            drawings.setAll(file);
        }
    }

    /** The file's drawings, read on the I/O executor once handed to it. */
    private Task<List<MyDigits.Drawing>> reading() {
        return new Task<>() {
            @Override
            protected List<MyDigits.Drawing> call() throws Exception {
                return MyDigits.load(file);
            }
        };
    }

    /**
     * A write failed: its changes, and those of the batches after it (which were applied without it), wait for
     * the next change to be written again. Changes can be applied twice: adding an id that is there, deleting
     * one that is gone or relabelling to the same digit changes nothing.
     */
    private void failed(List<MyDigits.Change> batch, String sentence) {
        if (inFlight.peekFirst() == batch) { // writes end in the order they were handed in
            List<MyDigits.Change> again = new ArrayList<>();
            inFlight.forEach(again::addAll);
            inFlight.clear();
            unsaved.addAll(0, again);
        }
        problem.set(sentence);
    }
}
