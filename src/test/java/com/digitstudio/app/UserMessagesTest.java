package com.digitstudio.app;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

import static org.assertj.core.api.Assertions.assertThat;

class UserMessagesTest {
    @Test
    void aFailedSaveIsOneSentenceAboutWritingNotReading() {
        assertThat(UserMessages.cannotSave("digit.png", new AccessDeniedException("/x/digit.png")))
                .isEqualTo("digit.png cannot be written: permission denied.");
        assertThat(UserMessages.cannotSave("digit.png", new NoSuchFileException("/gone/digit.png")))
                .isEqualTo("The folder for digit.png does not exist.");
        assertThat(UserMessages.cannotSave("digit.png", new IOException("No space left on device")))
                .isEqualTo("digit.png could not be written (No space left on device).");
        assertThat(UserMessages.cannotSave("digit.png", new IllegalStateException("bug")))
                .isEqualTo("digit.png could not be saved.");
    }

    @Test
    void aFailedOpenNamesTheFileAndWhatItWasOpenedAs() {
        assertThat(UserMessages.cannotOpen("m.dsm", "a model", new NoSuchFileException("m.dsm")))
                .isEqualTo("There is no file named m.dsm.");
        assertThat(UserMessages.cannotOpen("m.dsm", "a model", new IllegalStateException("bug")))
                .isEqualTo("m.dsm is not a model this app can use.");
    }
}
