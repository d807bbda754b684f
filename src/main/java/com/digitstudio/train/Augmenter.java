package com.digitstudio.train;

import java.util.SplittableRandom;

/**
 * Distorts a 28×28 training image the way people's drawings differ from MNIST: a random affine map (rotation
 * ±12°, scale 0.8–1.1 per axis, shear ±0.2, shift ±2 px), a smooth elastic displacement (Simard et al. 2003,
 * σ 4, α up to 6 px), and a thicker or thinner pen. Operates in place on floats in [0, 1]; everything random comes
 * from the caller's generator, so a run is reproducible.
 */
public final class Augmenter {
    private static final int SIDE = 28;
    private static final int N = SIDE * SIDE;
    private static final float[] GAUSS = gaussianKernel(4.0);

    private final float[] source = new float[N];
    private final float[] dx = new float[N];
    private final float[] dy = new float[N];
    private final float[] tmp = new float[N];

    /** Distorts the image at {@code pixels[offset .. offset+783]}. */
    public void augment(float[] pixels, int offset, SplittableRandom random) {
        System.arraycopy(pixels, offset, source, 0, N);
        double angle = Math.toRadians(uniform(random, -12, 12));
        double scaleX = uniform(random, 0.8, 1.1);
        double scaleY = scaleX * uniform(random, 0.9, 1.1);
        double shear = uniform(random, -0.2, 0.2);
        double shiftX = uniform(random, -2, 2);
        double shiftY = uniform(random, -2, 2);
        boolean elastic = random.nextDouble() < 0.5;
        if (elastic) {
            double alpha = uniform(random, 2, 6);
            displacementField(dx, random, alpha);
            displacementField(dy, random, alpha);
        }
        // inverse map: for each output pixel, where in the source it comes from
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        double c = (SIDE - 1) / 2.0;
        // forward A = R * Shear * S; inverse computed explicitly
        double a = cos * scaleX;
        double b = (cos * shear - sin) * scaleY;
        double d = sin * scaleX;
        double e = (sin * shear + cos) * scaleY;
        double det = a * e - b * d;
        double ia = e / det;
        double ib = -b / det;
        double id = -d / det;
        double ie = a / det;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                int i = y * SIDE + x;
                double ox = x - c - shiftX + (elastic ? dx[i] : 0);
                double oy = y - c - shiftY + (elastic ? dy[i] : 0);
                double sx = ia * ox + ib * oy + c;
                double sy = id * ox + ie * oy + c;
                pixels[offset + i] = bilinear(source, sx, sy);
            }
        }
        double pen = random.nextDouble();
        if (pen < 0.25) {
            thicken(pixels, offset);
        } else if (pen < 0.4) {
            thin(pixels, offset);
        }
    }

    private static double uniform(SplittableRandom random, double low, double high) {
        return low + random.nextDouble() * (high - low);
    }

    private static float bilinear(float[] img, double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        double fx = x - x0;
        double fy = y - y0;
        return (float) ((1 - fy) * ((1 - fx) * at(img, x0, y0) + fx * at(img, x0 + 1, y0))
                + fy * ((1 - fx) * at(img, x0, y0 + 1) + fx * at(img, x0 + 1, y0 + 1)));
    }

    private static float at(float[] img, int x, int y) {
        return x < 0 || y < 0 || x >= SIDE || y >= SIDE ? 0f : img[y * SIDE + x];
    }

    /** A random field in [-1, 1] smoothed by a Gaussian, scaled so its largest value is {@code alpha}. */
    private void displacementField(float[] field, SplittableRandom random, double alpha) {
        for (int i = 0; i < N; i++) {
            field[i] = (float) (random.nextDouble() * 2 - 1);
        }
        blur(field);
        float max = 1e-6f;
        for (float v : field) {
            max = Math.max(max, Math.abs(v));
        }
        float k = (float) (alpha / max);
        for (int i = 0; i < N; i++) {
            field[i] *= k;
        }
    }

    private void blur(float[] field) {
        int r = GAUSS.length / 2;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float sum = 0;
                for (int k = -r; k <= r; k++) {
                    int xx = Math.min(SIDE - 1, Math.max(0, x + k));
                    sum += GAUSS[k + r] * field[y * SIDE + xx];
                }
                tmp[y * SIDE + x] = sum;
            }
        }
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float sum = 0;
                for (int k = -r; k <= r; k++) {
                    int yy = Math.min(SIDE - 1, Math.max(0, y + k));
                    sum += GAUSS[k + r] * tmp[yy * SIDE + x];
                }
                field[y * SIDE + x] = sum;
            }
        }
    }

    private static float[] gaussianKernel(double sigma) {
        int r = (int) Math.ceil(2.5 * sigma);
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) Math.exp(-i * i / (2 * sigma * sigma));
            sum += k[i + r];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] /= (float) sum;
        }
        return k;
    }

    /** A soft dilation: each pixel takes the larger of itself and its 4-neighbours at 70%. */
    private void thicken(float[] pixels, int offset) {
        System.arraycopy(pixels, offset, tmp, 0, N);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float m = tmp[y * SIDE + x];
                m = Math.max(m, 0.7f * at(tmp, x - 1, y));
                m = Math.max(m, 0.7f * at(tmp, x + 1, y));
                m = Math.max(m, 0.7f * at(tmp, x, y - 1));
                m = Math.max(m, 0.7f * at(tmp, x, y + 1));
                pixels[offset + y * SIDE + x] = m;
            }
        }
    }

    /** A soft erosion: each pixel is pulled towards the smallest of its 4-neighbours. */
    private void thin(float[] pixels, int offset) {
        System.arraycopy(pixels, offset, tmp, 0, N);
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                float v = tmp[y * SIDE + x];
                float m = Math.min(Math.min(at(tmp, x - 1, y), at(tmp, x + 1, y)), Math.min(at(tmp, x, y - 1), at(tmp, x, y + 1)));
                pixels[offset + y * SIDE + x] = 0.5f * v + 0.5f * Math.min(v, m);
            }
        }
    }
}
