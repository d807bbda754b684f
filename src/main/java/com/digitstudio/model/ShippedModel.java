package com.digitstudio.model;

import java.io.IOException;
import java.io.InputStream;

/** The model that ships with the application ({@code models/digit-studio.dsm}, packaged inside the jar). */
public final class ShippedModel {
    public static final String FILE_NAME = "digit-studio.dsm";
    public static final String RESOURCE = "/models/" + FILE_NAME;

    private ShippedModel() {
    }

    public static SavedModel read() throws IOException {
        try (InputStream in = ShippedModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new java.io.FileNotFoundException("The shipped model " + RESOURCE + " is missing from this build.");
            }
            return ModelFiles.read(in, FILE_NAME);
        }
    }

    public static CnnNetwork load() throws IOException {
        return read().toNetwork();
    }
}
