package com.digitstudio.app;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.prefs.BackingStoreException;
import java.util.prefs.Preferences;

import static org.assertj.core.api.Assertions.assertThat;

class AppPreferencesTest {
    private final Preferences node = Preferences.userRoot().node("digit-studio-tests/" + UUID.randomUUID());
    private final AppPreferences preferences = new AppPreferences(node);

    @TempDir
    Path folder;

    @AfterEach
    void removeNode() throws BackingStoreException {
        node.removeNode();
    }

    @Test
    void windowSizeAndPlaceAreRemembered() {
        assertThat(preferences.window()).isEmpty();
        preferences.saveWindow(new AppPreferences.Window(10, 20, 1000, 700, false));
        assertThat(new AppPreferences(node).window()).contains(new AppPreferences.Window(10, 20, 1000, 700, false));
    }

    @Test
    void theScalingChosenForTheLastModelIsRememberedWithItAndForgottenWithIt() throws IOException {
        Path model = Files.writeString(folder.resolve("bytes.h5"), "x");
        preferences.setLastModel(model, com.digitstudio.model.PixelScale.UNIT);
        assertThat(new AppPreferences(node).lastModelScale()).contains(com.digitstudio.model.PixelScale.UNIT);
        preferences.setLastModel(model, null);
        assertThat(new AppPreferences(node).lastModelScale()).as("back to found by scoring").isEmpty();
        preferences.setLastModel(model, com.digitstudio.model.PixelScale.UNIT);
        preferences.setLastModel(Files.writeString(folder.resolve("other.onnx"), "x"));
        assertThat(preferences.lastModelScale()).as("another file opened").isEmpty();
        node.put("model.last.scale", "NOT_A_SCALE");
        assertThat(preferences.lastModelScale()).isEmpty();
    }

    @Test
    void lastModelIsRememberedWhileTheFileExists() throws IOException {
        Path model = Files.writeString(folder.resolve("m.dsm"), "x");
        preferences.setLastModel(model);
        assertThat(new AppPreferences(node).lastModel()).contains(model.toAbsolutePath());
        Files.delete(model);
        assertThat(new AppPreferences(node).lastModel()).isEmpty();
    }

    @Test
    void forgettingTheLastModelMeansTheShippedOne() throws IOException {
        preferences.setLastModel(Files.writeString(folder.resolve("m.dsm"), "x"));
        preferences.setLastModel(null);
        assertThat(preferences.lastModel()).isEmpty();
    }
}
