package com.digitstudio.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.zip.GZIPInputStream;

/**
 * The first 500 images of MNIST's test set, inside the application: enough to tell a model that works from one
 * that does not (a model summary's accuracy; later, a foreign model's input convention) without MNIST downloaded.
 * MNIST is Yann LeCun's and Corinna Cortes's (CC BY-SA 3.0).
 */
public final class MnistSample {
    public static final int SIZE = 500;
    private static volatile MnistSet sample;

    private MnistSample() {
    }

    public static MnistSet get() {
        MnistSet s = sample;
        if (s == null) {
            s = load();
            sample = s;
        }
        return s;
    }

    private static MnistSet load() {
        try {
            IdxReader.IdxData images = read("t10k-images-idx3-ubyte.gz", 3);
            IdxReader.IdxData labels = read("t10k-labels-idx1-ubyte.gz", 1);
            return new MnistSet(images.data(), labels.data());
        } catch (IOException e) {
            throw new UncheckedIOException("The application's own MNIST sample is damaged", e);
        }
    }

    private static IdxReader.IdxData read(String name, int ndims) throws IOException {
        try (InputStream raw = MnistSample.class.getResourceAsStream("/mnist-sample/" + name)) {
            if (raw == null) {
                throw new IOException("missing resource " + name);
            }
            return IdxReader.read(new GZIPInputStream(raw), name, ndims);
        }
    }
}
