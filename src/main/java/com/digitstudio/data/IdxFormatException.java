package com.digitstudio.data;

import java.io.IOException;

/** An IDX file that cannot be used; the message says exactly what is wrong, in one sentence. */
public class IdxFormatException extends IOException {
    public IdxFormatException(String message) {
        super(message);
    }
}
