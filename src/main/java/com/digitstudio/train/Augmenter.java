package com.digitstudio.train;

import com.digitstudio.ink.CentreOfMass;

import java.util.SplittableRandom;

/**
 * Distorts a 28×28 training image the way people's drawings differ from MNIST. A fifth of the images are left as
 * they are. For the rest, first, handwriting conventions that MNIST's American writers rarely used, drawn onto the
 * digit: a slash through 30% of the zeros (Ø), a flag and sometimes a foot on half of the ones; the image is then
 * refitted into MNIST's 20×20 box and centred by mass, as the drawing path does. Then a random affine map (rotation
 * ±12°, scale 0.8–1.1 per axis, shear ±0.2, shift ±2 px), a smooth elastic displacement (Simard et al. 2003,
 * σ 4, α up to 6 px), and a thicker or thinner pen. Operates in place on floats in [0, 1]; everything random comes
 * from the caller's generator, so a run is reproducible.
 */
public final class Augmenter {
    private static final int SIDE = 28;
    private static final int N = SIDE * SIDE;
    private static final float[] GAUSS = gaussianKernel(4.0);
    /** The share of training images left as MNIST drew them, so that the model also fits the undistorted digits. */
    static final double UNCHANGED = 0.2;

    private final float[] source = new float[N];
    private static final int PADDED = SIDE + 2;
    /** The image being warped, with a blank one-pixel border ({@link #bilinear}). */
    private final float[] padded = new float[PADDED * PADDED];
    private final float[] dx = new float[N];
    private final float[] dy = new float[N];
    private final float[] tmp = new float[N];
    private final float[] paddedRow = new float[SIDE + GAUSS.length - 1];

    /** Distorts the image at {@code pixels[offset .. offset+783]}, whose digit is {@code label}. */
    public void augment(float[] pixels, int offset, int label, SplittableRandom random) {
        if (random.nextDouble() < UNCHANGED) {
            return;
        }
        if (label == 0 && random.nextDouble() < 0.3) {
            slashZero(pixels, offset, random);
        } else if (label == 1 && random.nextDouble() < 0.5) {
            flagOne(pixels, offset, random);
        }
        augment(pixels, offset, random);
    }

    /** Distorts the image at {@code pixels[offset .. offset+783]} without regard to its digit. */
    private void augment(float[] pixels, int offset, SplittableRandom random) {
        pad(pixels, offset);
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
                pixels[offset + i] = bilinear(sx, sy);
            }
        }
        double pen = random.nextDouble();
        if (pen < 0.25) {
            thicken(pixels, offset);
        } else if (pen < 0.4) {
            thin(pixels, offset);
        }
    }

    /** A stroke through the zero, from lower left to upper right or nearly vertical, as in Ø. */
    void slashZero(float[] pixels, int offset, SplittableRandom random) {
        int[] box = inkBox(pixels, offset);
        if (box == null) {
            return;
        }
        double cx = (box[0] + box[2]) / 2.0;
        double cy = (box[1] + box[3]) / 2.0;
        double angle = Math.toRadians(uniform(random, 40, 95));
        double half = uniform(random, 0.55, 0.7) * Math.max(box[2] - box[0], box[3] - box[1]);
        double dx = Math.cos(angle) * half;
        double dy = -Math.sin(angle) * half;
        line(pixels, offset, cx - dx, cy - dy, cx + dx, cy + dy, uniform(random, 0.8, 1.3));
        refit(pixels, offset);
    }

    /**
     * A lead-in stroke at the top of a one (the European 1), and sometimes a foot. The flag leaves the top of the
     * stem down and to the left, 30–65° below the horizontal and at least 25° away from the stem so that it stays
     * visible on a slanted one, and is 0.3–0.65 of the digit's height long, as people draw it; a one leaning too far
     * for that gets no flag.
     */
    void flagOne(float[] pixels, int offset, SplittableRandom random) {
        int[] box = inkBox(pixels, offset);
        if (box == null) {
            return;
        }
        int top = box[1];
        int bottom = box[3];
        double centre = (box[0] + box[2]) / 2.0;
        double topX = rowCentre(pixels, offset, top, centre);
        double bottomX = rowCentre(pixels, offset, bottom, centre);
        double height = bottom - top + 1;
        // angles below the horizontal, on the left of the top: the stem's (90° when upright) and the flag's
        double stemAngle = Math.toDegrees(Math.atan2(bottom - top, topX - bottomX));
        double steepest = Math.min(65, stemAngle - 25);
        if (steepest < 35) {
            return; // a stem leaning this far with a flag is a 7, not a one
        }
        double angle = Math.toRadians(uniform(random, 30, steepest));
        double flagX = -Math.cos(angle);
        double flagY = Math.sin(angle);
        double length = uniform(random, 0.3, 0.65) * height;
        double radius = uniform(random, 0.8, 1.3);
        line(pixels, offset, topX + flagX * length, top + flagY * length, topX, top, radius);
        if (random.nextDouble() < 0.2) {
            double half = uniform(random, 0.2, 0.35) * height;
            line(pixels, offset, bottomX - half, bottom, bottomX + half, bottom, radius);
        }
        refit(pixels, offset);
    }

    /** The ink-weighted x of one row, or {@code fallback} for an empty row. */
    private static double rowCentre(float[] pixels, int offset, int row, double fallback) {
        CentreOfMass centre = CentreOfMass.of(pixels, offset + row * SIDE, SIDE, 1);
        return centre == null ? fallback : centre.x();
    }

    /** {minX, minY, maxX, maxY} of pixels above 0.2, or null for a blank image. */
    private static int[] inkBox(float[] pixels, int offset) {
        int minX = SIDE, minY = SIDE, maxX = -1, maxY = -1;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                if (pixels[offset + y * SIDE + x] > 0.2f) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return maxX < 0 ? null : new int[]{minX, minY, maxX, maxY};
    }

    /** An anti-aliased pen line (same coverage rule as the drawing path), merged with max. */
    private static void line(float[] pixels, int offset, double ax, double ay, double bx, double by, double radius) {
        double reach = radius + 0.5;
        double dx = bx - ax;
        double dy = by - ay;
        double lengthSquared = dx * dx + dy * dy;
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double t = lengthSquared == 0 ? 0 : Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / lengthSquared));
                double ex = x - (ax + t * dx);
                double ey = y - (ay + t * dy);
                double coverage = Math.min(1, reach - Math.sqrt(ex * ex + ey * ey));
                int i = offset + y * SIDE + x;
                if (coverage > pixels[i]) {
                    pixels[i] = (float) coverage;
                }
            }
        }
    }

    /** Scales the ink back into the 20×20 box (keeping its aspect ratio) and centres its mass at (14, 14). */
    private void refit(float[] pixels, int offset) {
        int[] box = inkBox(pixels, offset);
        if (box == null) {
            return;
        }
        System.arraycopy(pixels, offset, source, 0, N);
        pad(pixels, offset);
        double extent = Math.max(box[2] - box[0], box[3] - box[1]) + 1;
        double scale = Math.min(1.0, 20.0 / extent);
        CentreOfMass centre = CentreOfMass.of(source, 0, SIDE, SIDE);
        double mx = centre.x();
        double my = centre.y();
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                pixels[offset + y * SIDE + x] = bilinear(mx + (x - 14) / scale, my + (y - 14) / scale);
            }
        }
    }

    private static double uniform(SplittableRandom random, double low, double high) {
        return low + random.nextDouble() * (high - low);
    }

    /** Copies the image into the middle of {@link #padded}, whose one-pixel border stays blank. */
    private void pad(float[] pixels, int offset) {
        for (int y = 0; y < SIDE; y++) {
            System.arraycopy(pixels, offset + y * SIDE, padded, (y + 1) * PADDED + 1, SIDE);
        }
    }

    /**
     * The padded image at ({@code x}, {@code y}), interpolated between its four nearest pixels; blank outside, as
     * if the image lay on blank paper. The border spares a bounds check per pixel read.
     */
    private float bilinear(double x, double y) {
        int x0 = (int) Math.floor(x);
        int y0 = (int) Math.floor(y);
        if (x0 < -1 || y0 < -1 || x0 >= SIDE || y0 >= SIDE) {
            return 0f;
        }
        double fx = x - x0;
        double fy = y - y0;
        int i = (y0 + 1) * PADDED + x0 + 1;
        return (float) ((1 - fy) * ((1 - fx) * padded[i] + fx * padded[i + 1])
                + fy * ((1 - fx) * padded[i + PADDED] + fx * padded[i + PADDED + 1]));
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

    /**
     * The Gaussian blur of a field, edges replicated, in two passes. Each loop runs along a row with the kernel's
     * tap fixed, which the JIT turns into vector instructions; every value still sums its taps in the same order
     * as a tap-by-tap loop would, so the result is the same to the bit.
     */
    private void blur(float[] field) {
        int r = GAUSS.length / 2;
        for (int y = 0; y < SIDE; y++) {
            int row = y * SIDE;
            for (int i = 0; i < SIDE + 2 * r; i++) {
                paddedRow[i] = field[row + Math.min(SIDE - 1, Math.max(0, i - r))];
            }
            for (int x = 0; x < SIDE; x++) {
                tmp[row + x] = 0f;
            }
            for (int k = 0; k < GAUSS.length; k++) {
                float g = GAUSS[k];
                for (int x = 0; x < SIDE; x++) {
                    tmp[row + x] += g * paddedRow[x + k];
                }
            }
        }
        for (int i = 0; i < N; i++) {
            field[i] = 0f;
        }
        for (int y = 0; y < SIDE; y++) {
            int row = y * SIDE;
            for (int k = 0; k < GAUSS.length; k++) {
                float g = GAUSS[k];
                int from = Math.min(SIDE - 1, Math.max(0, y + k - r)) * SIDE;
                for (int x = 0; x < SIDE; x++) {
                    field[row + x] += g * tmp[from + x];
                }
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
