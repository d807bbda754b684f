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
import java.util.List;
import java.util.concurrent.Executor;

/**
 * The user's drawings with their digits, as the app shows them: read from {@link MyDigits}'s file at start, and
 * written back after every change (atomically, on the I/O executor, the latest list each time). On the FX thread.
 */
public final class MyDigitsModel {
    private static final Logger LOG = LoggerFactory.getLogger(MyDigitsModel.class);
    private final Path file;
    private final Executor io;
    private final ObservableList<MyDigits.Drawing> drawings = FXCollections.observableArrayList();
    /** One read-only view, kept: a view made per call listens weakly and its listeners go with it. */
    private final ObservableList<MyDigits.Drawing> readOnly = FXCollections.unmodifiableObservableList(drawings);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private boolean loaded;

    public MyDigitsModel(Path file, Executor io) {
        this.file = file;
        this.io = io;
    }

    public Path file() {
        return file;
    }

    /** Reads the file on the I/O executor; until then (and if it fails) the list is empty and nothing is written. */
    public void load() {
        Task<List<MyDigits.Drawing>> task = new Task<>() {
            @Override
            protected List<MyDigits.Drawing> call() throws Exception {
                return MyDigits.load(file);
            }
        };
        task.setOnSucceeded(e -> {
            List<MyDigits.Drawing> addedMeanwhile = List.copyOf(drawings);
            java.util.List<MyDigits.Drawing> all = new java.util.ArrayList<>(task.getValue());
            all.addAll(addedMeanwhile);
            drawings.setAll(all);
            loaded = true;
            if (!addedMeanwhile.isEmpty()) {
                save();
            }
        });
        task.setOnFailed(e -> problem.set(UserMessages.cannotOpen(file.getFileName().toString(), "your digits",
                task.getException()) + " It is left as it is; new drawings are not saved until it is fixed or moved."));
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
        save();
        return drawing;
    }

    public void delete(MyDigits.Drawing drawing) {
        drawings.removeIf(d -> d.id().equals(drawing.id()));
        save();
    }

    public void relabel(MyDigits.Drawing drawing, int label) {
        for (int i = 0; i < drawings.size(); i++) {
            if (drawings.get(i).id().equals(drawing.id())) {
                drawings.set(i, drawing.relabelled(label));
            }
        }
        save();
    }

    public int count(int digit) {
        return (int) drawings.stream().filter(d -> d.label() == digit).count();
    }

    private void save() {
        if (!loaded) {
            return; // never write before the file was read (it is saved, merged, once it is), nor over one that could not be
        }
        List<MyDigits.Drawing> snapshot = List.copyOf(drawings);
        io.execute(() -> {
            try {
                MyDigits.save(file, snapshot);
                Platform.runLater(() -> problem.set(null));
            } catch (Exception e) {
                LOG.warn("Saving my digits to {} failed", file, e);
                String sentence = UserMessages.cannotSave(file.getFileName().toString(), e);
                Platform.runLater(() -> problem.set(sentence));
            }
        });
    }
}
