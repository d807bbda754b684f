package com.digitstudio.model;

import java.io.IOException;

/** A file that is not a usable model; the message is one sentence for the user. */
public class ModelFormatException extends IOException {
    public ModelFormatException(String message) {
        super(message);
    }

    public ModelFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
