package com.digitstudio.ink;

/**
 * The centre of mass of a grey image, in pixel-index coordinates: how MNIST placed its digits, and how every path
 * into the network (strokes, pictures, augmented training images) places them too.
 */
public record CentreOfMass(double x, double y, double mass) {

    /** Of the {@code width}×{@code height} image at {@code pixels[offset..]}; null for a blank image. */
    public static CentreOfMass of(float[] pixels, int offset, int width, int height) {
        double mass = 0;
        double sx = 0;
        double sy = 0;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                float v = pixels[offset + y * width + x];
                mass += v;
                sx += v * x;
                sy += v * y;
            }
        }
        return mass <= 0 ? null : new CentreOfMass(sx / mass, sy / mass, mass);
    }
}
