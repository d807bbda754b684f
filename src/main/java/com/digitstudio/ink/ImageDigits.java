package com.digitstudio.ink;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Turns a picture of a digit (a photo, a scan, a PNG from another app, an MNIST image) into the network's 28×28
 * input the way MNIST was made: find the ink (dark on light or light on dark, whichever the border says is
 * background), crop to its bounding box, scale it to fit 20×20 keeping its aspect ratio, and centre it by its
 * centre of mass in 28×28.
 */
public final class ImageDigits {
    private static final int SIDE = InkRasterizer.SIDE;
    private static final float INK_THRESHOLD = 0.15f;

    private ImageDigits() {
    }

    /** Larger pictures are refused from their header, before any pixel is decoded (a 30,000² PNG takes 5.8 GB). */
    public static final long MAX_PIXELS = 50_000_000L;

    /** Reads PNG, JPEG, GIF or BMP; throws an IOException with one sentence when the file is not an image. */
    public static Optional<float[]> fromFile(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException(file.getFileName() + " is a folder, not an image.");
        }
        if (!Files.isRegularFile(file)) {
            throw new java.nio.file.NoSuchFileException(file.toString());
        }
        String name = file.getFileName().toString();
        BufferedImage image;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            Iterator<ImageReader> readers = in == null ? java.util.Collections.emptyIterator() : ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new IOException(name + " is not an image this app can read (PNG, JPEG, GIF or BMP).");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                long width = reader.getWidth(0);
                long height = reader.getHeight(0);
                if (width * height > MAX_PIXELS) {
                    throw new IOException(String.format("%s is %,d × %,d pixels; pictures over %,d megapixels are refused.",
                            name, width, height, MAX_PIXELS / 1_000_000));
                }
                boolean[] damaged = {false};
                reader.addIIOReadWarningListener((source, warning) -> damaged[0] = true);
                image = reader.read(0);
                if (damaged[0]) {
                    // a JPEG that ends early decodes with a warning and grey rows: not the picture the user has
                    throw new IOException(name + " is damaged or truncated: it cannot be read as an image.");
                }
            } finally {
                reader.dispose();
            }
        } catch (IOException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(name + " ")) {
                throw e;
            }
            // ImageIO's own words ("I/O error reading PNG header!") name neither the file nor the fault
            throw new IOException(name + " is damaged or truncated: it cannot be read as an image.", e);
        } catch (RuntimeException e) {
            throw new IOException(name + " is damaged or truncated: it cannot be read as an image.", e);
        }
        return fromImage(image);
    }

    /** The 28×28 input, or empty if the image holds no ink (a blank picture gets no prediction). */
    public static Optional<float[]> fromImage(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        float[] ink = new float[w * h];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int argb = image.getRGB(x, y);
                float alpha = ((argb >>> 24) & 0xff) / 255f;
                float r = ((argb >> 16) & 0xff) / 255f;
                float g = ((argb >> 8) & 0xff) / 255f;
                float b = (argb & 0xff) / 255f;
                float luminance = 0.299f * r + 0.587f * g + 0.114f * b;
                // transparent pixels count as the background of a dark-ink drawing
                ink[y * w + x] = alpha * luminance + (1 - alpha);
            }
        }
        // the border tells the background: bright border = dark ink on light paper
        double border = 0;
        int count = 0;
        for (int x = 0; x < w; x++) {
            border += ink[x] + ink[(h - 1) * w + x];
            count += 2;
        }
        for (int y = 0; y < h; y++) {
            border += ink[y * w] + ink[y * w + w - 1];
            count += 2;
        }
        boolean darkInk = border / count > 0.5;
        float background = (float) (darkInk ? 1 - border / count : border / count);
        float span = Math.max(1e-3f, 1 - background);
        int minX = w;
        int minY = h;
        int maxX = -1;
        int maxY = -1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                float v = darkInk ? 1 - ink[i] : ink[i];
                v = Math.max(0, (v - background) / span);
                ink[i] = v;
                if (v > INK_THRESHOLD) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        if (maxX < 0) {
            return Optional.empty();
        }
        int boxW = maxX - minX + 1;
        int boxH = maxY - minY + 1;
        double scale = InkRasterizer.BOX / Math.max(boxW, boxH);
        // area-average the bounding box into a (scaled) grid, then place it by centre of mass
        int outW = Math.max(1, (int) Math.round(boxW * scale));
        int outH = Math.max(1, (int) Math.round(boxH * scale));
        float[] small = new float[outW * outH];
        int samples = 4;
        for (int oy = 0; oy < outH; oy++) {
            for (int ox = 0; ox < outW; ox++) {
                double sum = 0;
                for (int sy = 0; sy < samples; sy++) {
                    for (int sx = 0; sx < samples; sx++) {
                        double fx = minX + (ox + (sx + 0.5) / samples) / outW * boxW;
                        double fy = minY + (oy + (sy + 0.5) / samples) / outH * boxH;
                        sum += sampleArea(ink, w, h, fx, fy, boxW / (double) outW, boxH / (double) outH);
                    }
                }
                small[oy * outW + ox] = (float) Math.min(1, sum / (samples * samples));
            }
        }
        CentreOfMass centre = CentreOfMass.of(small, 0, outW, outH);
        if (centre == null) {
            return Optional.empty();
        }
        int offX = (int) Math.round(14 - centre.x());
        int offY = (int) Math.round(14 - centre.y());
        float[] out = new float[SIDE * SIDE];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int tx = x + offX;
                int ty = y + offY;
                if (tx >= 0 && ty >= 0 && tx < SIDE && ty < SIDE) {
                    out[ty * SIDE + tx] = small[y * outW + x];
                }
            }
        }
        return Optional.of(out);
    }

    /** Mean ink over a source cell of the given size centred at (x, y): a box filter, so shrinking does not alias. */
    private static double sampleArea(float[] ink, int w, int h, double x, double y, double cellW, double cellH) {
        int x0 = Math.max(0, (int) Math.floor(x - cellW / 8));
        int x1 = Math.min(w - 1, (int) Math.floor(x + cellW / 8));
        int y0 = Math.max(0, (int) Math.floor(y - cellH / 8));
        int y1 = Math.min(h - 1, (int) Math.floor(y + cellH / 8));
        double sum = 0;
        int n = 0;
        for (int yy = y0; yy <= y1; yy++) {
            for (int xx = x0; xx <= x1; xx++) {
                sum += ink[yy * w + xx];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
