package com.digitstudio.ink;

import com.digitstudio.Fixtures;
import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageDigitsTest {

    private static BufferedImage drawnOne(Color paper, Color ink) {
        BufferedImage image = new BufferedImage(200, 160, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(paper);
        g.fillRect(0, 0, 200, 160);
        g.setColor(ink);
        g.setStroke(new BasicStroke(9, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        g.drawLine(60, 20, 70, 140);
        g.dispose();
        return image;
    }

    private static double correlation(float[] a, float[] b) {
        double ma = 0, mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= a.length;
        mb /= b.length;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }

    @Test
    void darkInkOnLightPaperAndLightInkOnDarkGiveTheSameInput() {
        float[] dark = ImageDigits.fromImage(drawnOne(Color.WHITE, Color.BLACK)).orElseThrow();
        float[] light = ImageDigits.fromImage(drawnOne(Color.BLACK, Color.WHITE)).orElseThrow();
        assertThat(correlation(dark, light)).isGreaterThan(0.99);
    }

    @Test
    void inkIsScaledIntoTheTwentyPixelBoxAndCentred() {
        float[] input = ImageDigits.fromImage(drawnOne(Color.WHITE, Color.BLACK)).orElseThrow();
        int minY = 28, maxY = -1;
        double mass = 0, my = 0, mx = 0;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                float v = input[y * 28 + x];
                if (v > 0.1f) {
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
                mass += v;
                mx += v * x;
                my += v * y;
            }
        }
        assertThat(maxY - minY + 1).isBetween(19, 21);
        assertThat(mx / mass).isBetween(13.0, 15.0);
        assertThat(my / mass).isBetween(13.0, 15.0);
    }

    @Test
    void blankImageGivesNoInput() {
        BufferedImage blank = new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB);
        assertThat(ImageDigits.fromImage(blank)).isEmpty();
    }

    @Test
    void anMnistImageSavedAsPictureComesBackAlmostUnchanged() throws Exception {
        MnistSet test = MnistData.load(Fixtures.mini(), MnistData.Split.TEST);
        double sum = 0;
        for (int n = 0; n < 20; n++) {
            float[] original = test.pixels(n);
            BufferedImage image = new BufferedImage(28, 28, BufferedImage.TYPE_BYTE_GRAY);
            for (int i = 0; i < 784; i++) {
                int v = Math.round(original[i] * 255);
                image.setRGB(i % 28, i / 28, new Color(v, v, v).getRGB());
            }
            float[] back = ImageDigits.fromImage(image).orElseThrow();
            double r = correlation(original, back);
            assertThat(r).as("image %d", n).isGreaterThan(0.7);
            sum += r;
        }
        assertThat(sum / 20).isGreaterThan(0.85);
    }

    @Test
    void aFileThatIsNotAnImageIsRefusedWithASentence(@TempDir Path dir) throws Exception {
        Path notImage = dir.resolve("notes.png");
        Files.writeString(notImage, "not a picture");
        assertThatThrownBy(() -> ImageDigits.fromFile(notImage))
                .hasMessage("notes.png is not an image this app can read (PNG, JPEG, GIF or BMP).");
    }
}
