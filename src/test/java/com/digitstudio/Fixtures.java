package com.digitstudio;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** The MNIST fixtures under src/test/resources/mnist. */
public final class Fixtures {
    private Fixtures() {
    }

    /** 2,000 training and 500 test images, IDX gz. */
    public static Path mini() {
        return resource("/mnist/mini");
    }

    /** The full 10,000-image MNIST test set, IDX gz, unchanged (its files match MnistFile's checksums). */
    public static Path fullTestSet() {
        return resource("/mnist/test");
    }

    private static Path resource(String name) {
        URL url = Fixtures.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("test resource " + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
