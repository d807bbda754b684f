package com.digitstudio.ink;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class InkRasterizerTest {
    private final InkRasterizer rasterizer = new InkRasterizer();

    private static Ink seven(double scale, double dx, double dy) {
        return Ink.of(Stroke.of(dx, dy, dx + 60 * scale, dy, dx + 25 * scale, dy + 100 * scale));
    }

    private static double[] bounds(float[] image, float threshold) {
        double minX = 28, minY = 28, maxX = -1, maxY = -1;
        for (int y = 0; y < 28; y++) {
            for (int x = 0; x < 28; x++) {
                if (image[y * 28 + x] > threshold) {
                    minX = Math.min(minX, x);
                    maxX = Math.max(maxX, x);
                    minY = Math.min(minY, y);
                    maxY = Math.max(maxY, y);
                }
            }
        }
        return new double[]{minX, minY, maxX, maxY};
    }

    @Test
    void emptyDrawingGivesNoInput() {
        assertThat(rasterizer.rasterize(Ink.EMPTY)).isEmpty();
        assertThat(rasterizer.rasterize(Ink.of(new Stroke(List.of())))).isEmpty();
    }

    @Test
    void outputIsTwentyEightSquaredWithValuesBetweenZeroAndOne() {
        float[] image = rasterizer.rasterize(seven(1, 0, 0)).orElseThrow();
        assertThat(image).hasSize(784);
        for (float v : image) {
            assertThat(v).isBetween(0f, 1f);
        }
        assertThat(image).contains(1f);
    }

    @Test
    void centreOfMassLandsOnTheFrameCentreLikeMnist() {
        float[] image = rasterizer.rasterize(seven(1, 0, 0)).orElseThrow();
        CentreOfMass com = CentreOfMass.of(image, 0, 28, 28);
        assertThat(com.x()).isCloseTo(14.0, within(0.35));
        assertThat(com.y()).isCloseTo(14.0, within(0.35));
    }

    @Test
    void longerSideOfTheInkFitsTheTwentyPixelBox() {
        float[] image = rasterizer.rasterize(seven(1, 0, 0)).orElseThrow();
        double[] b = bounds(image, 0.05f);
        double height = b[3] - b[1] + 1;
        assertThat(height).isBetween(19.0, 21.0);
        double width = b[2] - b[0] + 1;
        assertThat(width).isLessThan(height);
    }

    @Test
    void sizeAndPositionOnTheCanvasDoNotChangeTheInput() {
        float[] small = rasterizer.rasterize(seven(0.2, 5, 7)).orElseThrow();
        float[] large = rasterizer.rasterize(seven(4, -3000, 1200)).orElseThrow();
        for (int i = 0; i < 784; i++) {
            assertThat(large[i]).isCloseTo(small[i], within(1e-3f));
        }
    }

    @Test
    void thinVerticalOneStaysThinAndTall() {
        float[] image = rasterizer.rasterize(Ink.of(Stroke.of(100, 0, 102, 200))).orElseThrow();
        double[] b = bounds(image, 0.05f);
        assertThat(b[3] - b[1] + 1).isBetween(19.0, 21.0);
        assertThat(b[2] - b[0] + 1).isLessThanOrEqualTo(5);
    }

    @Test
    void singleDotBecomesASmallCentredBlob() {
        float[] image = rasterizer.rasterize(Ink.of(Stroke.of(40, 40))).orElseThrow();
        double[] b = bounds(image, 0.05f);
        assertThat(b[2] - b[0] + 1).isLessThanOrEqualTo(4);
        assertThat(image[14 * 28 + 14]).isGreaterThan(0.9f);
    }

    @Test
    void thousandsOfPointsGiveTheSameDigitAsAFew() {
        List<InkPoint> dense = new ArrayList<>();
        for (int i = 0; i <= 10_000; i++) {
            double t = i / 10_000.0;
            dense.add(new InkPoint(100 * Math.cos(2 * Math.PI * t), 150 * Math.sin(2 * Math.PI * t)));
        }
        List<InkPoint> sparse = new ArrayList<>();
        for (int i = 0; i <= 200; i++) {
            double t = i / 200.0;
            sparse.add(new InkPoint(100 * Math.cos(2 * Math.PI * t), 150 * Math.sin(2 * Math.PI * t)));
        }
        float[] a = rasterizer.rasterize(Ink.of(new Stroke(dense))).orElseThrow();
        float[] b = rasterizer.rasterize(Ink.of(new Stroke(sparse))).orElseThrow();
        double diff = 0;
        for (int i = 0; i < 784; i++) {
            diff = Math.max(diff, Math.abs(a[i] - b[i]));
        }
        assertThat(diff).isLessThan(0.1);
    }

    @Test
    void penWidthIsSetInTheTwentyEightPixelFrameNotByTheCanvas() {
        float[] thin = new InkRasterizer(0.8).rasterize(seven(1, 0, 0)).orElseThrow();
        float[] thick = new InkRasterizer(1.6).rasterize(seven(1, 0, 0)).orElseThrow();
        double inkThin = 0;
        double inkThick = 0;
        for (int i = 0; i < 784; i++) {
            inkThin += thin[i];
            inkThick += thick[i];
        }
        assertThat(inkThick).isGreaterThan(inkThin * 1.4);
    }

    @Test
    void refusesCoordinatesThatAreNotNumbers() {
        Ink bad = Ink.of(Stroke.of(0, 0, Double.NaN, 3));
        assertThatThrownBy(() -> rasterizer.rasterize(bad)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void undoRemovesOnlyTheLastStroke() {
        Ink four = Ink.of(Stroke.of(0, 0, 0, 50, 40, 50), Stroke.of(30, 0, 30, 100));
        assertThat(four.withoutLastStroke().strokes()).hasSize(1);
        assertThat(Ink.EMPTY.withoutLastStroke()).isEqualTo(Ink.EMPTY);
    }
}
