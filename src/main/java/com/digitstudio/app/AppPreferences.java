package com.digitstudio.app;

import com.digitstudio.model.PixelScale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/**
 * What the app remembers between runs: the window's size and place, the last model opened, and the pixel scaling
 * the user chose for it (File → Input pixel scaling) if they did.
 */
public final class AppPreferences {
    private static final Logger LOG = LoggerFactory.getLogger(AppPreferences.class);
    private static final String WIDTH = "window.width";
    private static final String HEIGHT = "window.height";
    private static final String X = "window.x";
    private static final String Y = "window.y";
    private static final String MAXIMIZED = "window.maximized";
    private static final String LAST_MODEL = "model.last";
    private static final String LAST_MODEL_SCALE = "model.last.scale";

    /** The window's place and size. */
    public record Window(double x, double y, double width, double height, boolean maximized) {
    }

    private final Preferences node;

    public AppPreferences(Preferences node) {
        this.node = node;
    }

    /**
     * The current user's preferences for Digit Studio; the system property {@code digitstudio.preferences} names
     * another node (under the user root) for tests and for trying the app without touching one's settings.
     */
    public static AppPreferences user() {
        String node = System.getProperty("digitstudio.preferences");
        return new AppPreferences(node == null || node.isBlank()
                ? Preferences.userNodeForPackage(AppPreferences.class)
                : Preferences.userRoot().node(node));
    }

    /** The saved window, if one was saved. */
    public Optional<Window> window() {
        double width = node.getDouble(WIDTH, -1);
        double height = node.getDouble(HEIGHT, -1);
        if (width <= 0 || height <= 0) {
            return Optional.empty();
        }
        return Optional.of(new Window(node.getDouble(X, Double.NaN), node.getDouble(Y, Double.NaN), width, height,
                node.getBoolean(MAXIMIZED, false)));
    }

    public void saveWindow(Window window) {
        write(() -> {
            node.putDouble(X, window.x());
            node.putDouble(Y, window.y());
            node.putDouble(WIDTH, window.width());
            node.putDouble(HEIGHT, window.height());
            node.putBoolean(MAXIMIZED, window.maximized());
        });
    }

    /** The model file opened last, if it still exists; empty means the shipped model. */
    public Optional<Path> lastModel() {
        String text = node.get(LAST_MODEL, null);
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            Path path = Path.of(text);
            return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }

    /** The scaling the user chose for {@link #lastModel()}; empty: found by scoring (or never asked). */
    public Optional<PixelScale> lastModelScale() {
        String name = node.get(LAST_MODEL_SCALE, null);
        return java.util.Arrays.stream(PixelScale.values()).filter(scale -> scale.name().equals(name)).findFirst();
    }

    /** Remembers {@code file} as the model to open next time, its scaling found by scoring; null means the shipped model. */
    public void setLastModel(Path file) {
        setLastModel(file, null);
    }

    /** Remembers {@code file} as the model to open next time, read with {@code scale} (null: found by scoring). */
    public void setLastModel(Path file, PixelScale scale) {
        write(() -> {
            if (file == null) {
                node.remove(LAST_MODEL);
            } else {
                node.put(LAST_MODEL, file.toAbsolutePath().toString());
            }
            if (file == null || scale == null) {
                node.remove(LAST_MODEL_SCALE);
            } else {
                node.put(LAST_MODEL_SCALE, scale.name());
            }
        });
    }

    /**
     * Preferences are a convenience: if their node was removed meanwhile (by another process, or a test), the
     * change is dropped with a log line rather than failing what the user was doing (opening a model).
     */
    private void write(Runnable change) {
        try {
            change.run();
        } catch (IllegalStateException e) {
            LOG.warn("Could not save preferences: {}", e.getMessage());
            return;
        }
        flush();
    }

    private void flush() {
        try {
            node.flush();
        } catch (BackingStoreException | IllegalStateException e) {
            LOG.warn("Could not save preferences: {}", e.getMessage());
        }
    }
}
