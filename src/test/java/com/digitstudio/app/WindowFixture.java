package com.digitstudio.app;

import com.digitstudio.model.DigitClassifier;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.testfx.util.WaitForAsyncUtils;

import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

/** The app's main window for UI tests: its own context and preferences, and the test model in use. */
public final class WindowFixture implements AutoCloseable {
    private static DigitClassifier sharedModel;

    public final AppContext context = new AppContext();
    public final Preferences preferencesNode = Preferences.userRoot().node("digit-studio-tests/" + UUID.randomUUID());
    public final AppPreferences preferences = new AppPreferences(preferencesNode);
    public final MainView view;

    /** On the FX thread: builds the window in {@code stage} and shows it, with the test model in use. */
    public WindowFixture(Stage stage) {
        try {
            // each window its own My digits, never the user's
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("digit-studio-my-digits");
            dir.toFile().deleteOnExit();
            context.useMyDigitsFile(dir.resolve("my-digits.jsonl"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        view = new MainView(context, preferences);
        stage.setScene(new Scene(view, 1100, 720));
        stage.setTitle(MainView.TITLE);
        context.setModel(sharedModel());
        stage.show();
    }

    /** One instance for all tests (each test's context has its own inference thread). */
    public static synchronized DigitClassifier sharedModel() {
        if (sharedModel == null) {
            sharedModel = TestModels.model();
        }
        return sharedModel;
    }

    public static void waitUntil(String what, BooleanSupplier condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("Timed out waiting until " + what, e);
        }
    }

    /** The dialog pane with {@code id} in a window that is showing, once there is one. */
    public static javafx.scene.control.DialogPane showingDialog(org.testfx.api.FxRobot robot, String id) {
        waitUntil("a dialog " + id + " shows", () -> robot.lookup(id).match(WindowFixture::isShowing).tryQuery().isPresent());
        return robot.lookup(id).match(WindowFixture::isShowing).queryAs(javafx.scene.control.DialogPane.class);
    }

    private static boolean isShowing(javafx.scene.Node node) {
        return node.getScene() != null && node.getScene().getWindow() != null && node.getScene().getWindow().isShowing();
    }

    @Override
    public void close() {
        context.close();
        try {
            preferencesNode.removeNode();
        } catch (BackingStoreException | IllegalStateException e) {
            // best effort
        }
    }
}
