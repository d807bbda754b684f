package com.digitstudio.support;

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
                .isEqualTo("digit.png could not be written: there is no space left on the disk.");
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

    @Test
    void theJdksTerseReasonsBecomeWordsWithTheFileNamed() {
        assertThat(UserMessages.of(new java.nio.file.FileSystemException("/data/out.dsm", null, "No space left on device")))
                .isEqualTo("out.dsm could not be read: there is no space left on the disk.");
        assertThat(UserMessages.cannotOpen("mnist", "a model", new IOException("Is a directory")))
                .isEqualTo("mnist could not be read: it is a folder, not a file.");
        assertThat(UserMessages.cannotOpen("t.gz", "strokes", new java.util.zip.ZipException("Unexpected end of ZLIB input stream")))
                .isEqualTo("t.gz could not be read: it is truncated (its data ends too early).");
        assertThat(UserMessages.of(new java.io.EOFException()))
                .isEqualTo("A file could not be read: it is truncated (its data ends too early).");
    }

    @Test
    void ourOwnSentencesPassThroughAndValueErrorsBecomeSentences() {
        assertThat(UserMessages.of(new IOException("m.dsm is a damaged zip archive: its compressed data is corrupt or cut short.")))
                .isEqualTo("m.dsm is a damaged zip archive: its compressed data is corrupt or cut short.");
        assertThat(UserMessages.of(new IllegalArgumentException("--log-every must be at least 1 (got 0)")))
                .isEqualTo("--log-every must be at least 1 (got 0).");
        assertThat(UserMessages.of(new NullPointerException()))
                .isEqualTo("Something went wrong that should not have; the log has the details.");
        assertThat(UserMessages.isUserError(new IOException("x"))).isTrue();
        assertThat(UserMessages.isUserError(new NullPointerException())).isFalse();
    }
}
