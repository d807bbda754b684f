package com.digitstudio.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a model made elsewhere wants its pixels. The app's own are 0..1 with ink = 1; files do not say which of
 * these they were trained on, so the importers score each on the built-in test images, unless the user says.
 */
public enum PixelScale {
    UNIT("0..1", "pixels 0..1", 1, 0),
    BYTE("0..255", "pixels 0..255", 255, 0),
    CENTRED("-1..1", "pixels -1..1 ((x/255 - 0.5)/0.5)", 2, -1);

    /** The name a user types ({@code --input-scale 0..255}). */
    public final String key;
    public final String label;
    private final float factor;
    private final float offset;

    PixelScale(String key, String label, float factor, float offset) {
        this.key = key;
        this.label = label;
        this.factor = factor;
        this.offset = offset;
    }

    /** The app's pixel {@code unit} (0..1) in this scaling. */
    public float apply(float unit) {
        return unit * factor + offset;
    }

    /** {@code pixels} rescaled into a new array. */
    public float[] apply(float[] pixels) {
        float[] out = new float[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            out[i] = pixels[i] * factor + offset;
        }
        return out;
    }

    /** The scaling named {@code key} ("0..1", "0..255", "-1..1"), or an exception whose message lists them. */
    public static PixelScale parse(String key) {
        String k = key.strip().toLowerCase(Locale.ROOT);
        for (PixelScale s : values()) {
            if (s.key.equals(k) || s.name().toLowerCase(Locale.ROOT).equals(k)) {
                return s;
            }
        }
        throw new IllegalArgumentException("'" + key + "' is not a pixel scaling; use one of " + keys() + ".");
    }

    public static String keys() {
        return Arrays.stream(values()).map(s -> s.key).collect(Collectors.joining(", "));
    }
}
