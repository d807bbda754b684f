package com.digitstudio.app;

import com.digitstudio.model.ModelFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;

/** Turns failures a user can cause into one sentence to show; anything unexpected is logged with its stack. */
public final class UserMessages {
    private static final Logger LOG = LoggerFactory.getLogger(UserMessages.class);

    private UserMessages() {
    }

    /** Why the file {@code name} could not be opened as {@code what} ("a model", "an image"). */
    public static String cannotOpen(String name, String what, Throwable failure) {
        if (failure instanceof ModelFormatException) {
            return failure.getMessage();
        }
        if (failure instanceof NoSuchFileException) {
            return "There is no file named " + name + ".";
        }
        if (failure instanceof AccessDeniedException) {
            return name + " cannot be read: permission denied.";
        }
        if (failure instanceof FileNotFoundException && failure.getMessage() != null) {
            return failure.getMessage();
        }
        if (failure instanceof IOException) {
            String reason = failure.getMessage();
            return name + " could not be read" + (reason == null || reason.isBlank() ? "." : " (" + reason + ").");
        }
        if (failure instanceof OutOfMemoryError) {
            return "There is not enough memory to open " + name + ".";
        }
        LOG.warn("Opening {} as {} failed", name, what, failure);
        return name + " is not " + what + " this app can use.";
    }

    /** Why {@code name} could not be saved. */
    public static String cannotSave(String name, Throwable failure) {
        if (failure instanceof NoSuchFileException) {
            return "The folder for " + name + " does not exist.";
        }
        if (failure instanceof AccessDeniedException) {
            return name + " cannot be written: permission denied.";
        }
        if (failure instanceof IOException) {
            String reason = failure.getMessage();
            return name + " could not be written" + (reason == null || reason.isBlank() ? "." : " (" + reason + ").");
        }
        LOG.warn("Saving {} failed", name, failure);
        return name + " could not be saved.";
    }
}
