package com.digitstudio.app.draw;

import com.digitstudio.model.DigitClassifier;
import javafx.scene.image.Image;

/**
 * A digit read from an image file rather than drawn.
 *
 * @param name    the file's name, to show
 * @param pixels  the 28×28 input made from it (row-major, 0 = background, 1 = ink)
 * @param picture the image itself, to show on the pad (may be null)
 */
public record ImageInput(String name, float[] pixels, Image picture) {
    public ImageInput {
        if (pixels.length != DigitClassifier.INPUTS) {
            throw new IllegalArgumentException("expected 784 pixels, got " + pixels.length);
        }
        pixels = pixels.clone();
    }

    @Override
    public float[] pixels() {
        return pixels.clone();
    }
}
