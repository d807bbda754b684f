package com.digitstudio.train;

import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.ink.CentreOfMass;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class AugmenterTest {
    private static final int SIDE = 28;

    /**
     * A seed gives the same distorted images from one version to the next, so a recipe (the shipped model's) can be
     * trained again: the 2,000 training images of the mini set distorted with seed 42 hash to the value the
     * augmentation gave before its blur and sampling were rewritten for speed (vectorisable loops, a padded image).
     */
    @Test
    void theSameSeedDistortsTheImagesExactlyAsEarlierVersionsDid() throws IOException {
        MnistSet train = MnistData.load(Path.of("src/test/resources/mnist/mini"), MnistData.Split.TRAIN);
        float[] pixels = new float[train.size() * SIDE * SIDE];
        for (int i = 0; i < train.size(); i++) {
            train.copyPixels(i, pixels, i * SIDE * SIDE);
        }
        Augmenter augmenter = new Augmenter();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < train.size(); i++) {
            augmenter.augment(pixels, i * SIDE * SIDE, train.label(i), random);
        }
        assertThat(train.size()).isEqualTo(2000);
        assertThat(Arrays.hashCode(pixels)).isEqualTo(825824619);
    }

    /** A one as MNIST draws it: a stem 3 px wide and 20 px tall, upright, or leaning by {@code lean} px over its height. */
    private static float[] one(double lean) {
        float[] pixels = new float[SIDE * SIDE];
        for (int y = 4; y < 24; y++) {
            double centre = 14 + lean * (14 - y) / 20.0;
            for (int x = 0; x < SIDE; x++) {
                pixels[y * SIDE + x] = (float) Math.max(0, Math.min(1, 2.0 - Math.abs(x - centre)));
            }
        }
        return pixels;
    }

    /** Ink in the top half of the digit more than 2.5 px left of where its stem stands at the bottom. */
    private static float inkLeftOfStemInTheUpperHalf(float[] pixels) {
        int top = 0;
        while (rowInk(pixels, top) < 0.5f) {
            top++;
        }
        int bottom = SIDE - 1;
        while (rowInk(pixels, bottom) < 0.5f) {
            bottom--;
        }
        double stemX = CentreOfMass.of(pixels, bottom * SIDE, SIDE, 1).x();
        float ink = 0;
        for (int y = top; y <= (top + bottom) / 2; y++) {
            for (int x = 0; x < stemX - 2.5; x++) {
                ink += pixels[y * SIDE + x];
            }
        }
        return ink;
    }

    @Test
    void theSameGeneratorStateGivesTheSameDistortion() {
        float[] a = one(0);
        float[] b = one(0);
        new Augmenter().augment(a, 0, 1, new SplittableRandom(3));
        new Augmenter().augment(b, 0, 1, new SplittableRandom(3));
        assertThat(a).containsExactly(b);
    }

    @Test
    void aboutAFifthOfTheImagesPassThroughUnchanged() {
        Augmenter augmenter = new Augmenter();
        SplittableRandom random = new SplittableRandom(4);
        int unchanged = 0;
        int tries = 2000;
        for (int k = 0; k < tries; k++) {
            float[] pixels = one(0);
            augmenter.augment(pixels, 0, k % 10, random);
            if (java.util.Arrays.equals(pixels, one(0))) {
                unchanged++;
            }
        }
        assertThat(unchanged / (double) tries).isCloseTo(Augmenter.UNCHANGED, within(0.03));
    }

    @Test
    void distortedImagesKeepTheirInkInRangeAndNearTheCentre() {
        Augmenter augmenter = new Augmenter();
        SplittableRandom random = new SplittableRandom(11);
        for (int k = 0; k < 200; k++) {
            float[] pixels = one(k % 2 == 0 ? 0 : 6);
            augmenter.augment(pixels, 0, k % 10, random);
            float sum = 0;
            for (float v : pixels) {
                assertThat(v).isBetween(0f, 1.0001f);
                sum += v;
            }
            assertThat(sum).as("ink left after distortion").isGreaterThan(10);
            CentreOfMass centre = CentreOfMass.of(pixels, 0, SIDE, SIDE);
            assertThat(centre.x()).isCloseTo(14, within(6.0));
            assertThat(centre.y()).isCloseTo(14, within(6.0));
        }
    }

    @Test
    void aFlaggedOneGetsALeadInStrokeDownAndLeftOfItsTop() {
        Augmenter augmenter = new Augmenter();
        SplittableRandom random = new SplittableRandom(5);
        for (int k = 0; k < 50; k++) {
            float[] pixels = one(0);
            float before = inkLeftOfStemInTheUpperHalf(pixels);
            augmenter.flagOne(pixels, 0, random);
            assertThat(inkLeftOfStemInTheUpperHalf(pixels)).as("flag ink, try %d", k).isGreaterThan(before + 1.5f);
            float lowerLeft = 0;
            for (int y = 20; y < SIDE; y++) {
                for (int x = 0; x < 11; x++) {
                    lowerLeft += pixels[y * SIDE + x];
                }
            }
            assertThat(lowerLeft).as("ink low on the left (a foot at most), try %d", k).isLessThan(12);
        }
    }

    @Test
    void theFlagIsNeverAHorizontalBarSoAFlaggedOneDoesNotBecomeASeven() {
        Augmenter augmenter = new Augmenter();
        SplittableRandom random = new SplittableRandom(8);
        for (int k = 0; k < 50; k++) {
            float[] pixels = one(0);
            augmenter.flagOne(pixels, 0, random);
            int top = 0;
            while (rowInk(pixels, top) < 0.5f) {
                top++;
            }
            // a 7's bar runs along its top rows; a flag leaves the top at 30° or more, so the top rows stay narrow
            int widest = 0;
            for (int y = top; y < top + 2; y++) {
                int width = 0;
                for (int x = 0; x < SIDE; x++) {
                    if (pixels[y * SIDE + x] > 0.5f) {
                        width++;
                    }
                }
                widest = Math.max(widest, width);
            }
            assertThat(widest).as("ink across the top two rows, try %d", k).isLessThanOrEqualTo(7);
        }
    }

    @Test
    void aOneLeaningFarGetsNoFlag() {
        float[] pixels = one(14);
        float[] before = pixels.clone();
        new Augmenter().flagOne(pixels, 0, new SplittableRandom(1));
        assertThat(pixels).containsExactly(before);
    }

    @Test
    void aSlashedZeroHasInkThroughItsMiddle() {
        float[] ring = new float[SIDE * SIDE];
        for (int y = 0; y < SIDE; y++) {
            for (int x = 0; x < SIDE; x++) {
                double r = Math.hypot((x - 14) / 7.0, (y - 14) / 10.0);
                ring[y * SIDE + x] = (float) Math.max(0, 1 - Math.abs(r - 1) * 6);
            }
        }
        assertThat(ring[14 * SIDE + 14]).isZero();
        new Augmenter().slashZero(ring, 0, new SplittableRandom(2));
        float middle = 0;
        for (int y = 12; y <= 16; y++) {
            for (int x = 12; x <= 16; x++) {
                middle += ring[y * SIDE + x];
            }
        }
        assertThat(middle).isGreaterThan(2);
    }

    private static float rowInk(float[] pixels, int y) {
        float sum = 0;
        for (int x = 0; x < SIDE; x++) {
            sum += pixels[y * SIDE + x];
        }
        return sum;
    }
}
