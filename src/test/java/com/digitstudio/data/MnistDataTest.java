package com.digitstudio.data;

import com.digitstudio.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;

import static com.digitstudio.data.IdxFiles.gzip;
import static com.digitstudio.data.IdxFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MnistDataTest {
    @TempDir
    Path dir;

    /** Writes the test split under a naming style: "canonical" or "dotted", gzipped or raw. */
    private void writeTestSplit(String style, boolean gzipped, byte[] images, byte[] labels) throws IOException {
        String separator = style.equals("dotted") ? "." : "-";
        String suffix = gzipped ? ".gz" : "";
        write(dir.resolve("t10k-images" + separator + "idx3-ubyte" + suffix), gzipped ? gzip(images) : images);
        write(dir.resolve("t10k-labels" + separator + "idx1-ubyte" + suffix), gzipped ? gzip(labels) : labels);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"canonical raw", "canonical gz", "dotted raw", "dotted gz"})
    void findsTheFilesUnderEitherNamingStyleGzippedOrRaw(String variant) throws IOException {
        String[] parts = variant.split(" ");
        writeTestSplit(parts[0], parts[1].equals("gz"), IdxFiles.images(3), IdxFiles.labels(4, 0, 9));

        assertThat(MnistData.missing(dir, MnistData.Split.TEST)).isEmpty();
        MnistSet set = MnistData.load(dir, MnistData.Split.TEST);

        assertThat(set.size()).isEqualTo(3);
        assertThat(set.label(0)).isEqualTo(4);
        assertThat(set.label(2)).isEqualTo(9);
        assertThat(set.pixels(1)[0]).isEqualTo(2 / 255f);
    }

    @Test
    void findsTheTrainingFilesUnderMixedNamingStyles() throws IOException {
        write(dir.resolve("train-images.idx3-ubyte"), IdxFiles.images(2));
        write(dir.resolve("train-labels-idx1-ubyte.gz"), gzip(IdxFiles.labels(5, 0)));

        MnistSet set = MnistData.load(dir, MnistData.Split.TRAIN);

        assertThat(set.size()).isEqualTo(2);
        assertThat(set.label(0)).isEqualTo(5);
        assertThat(MnistFile.TRAIN_IMAGES.find(dir)).contains(dir.resolve("train-images.idx3-ubyte"));
    }

    @Test
    void prefersTheCanonicalNameWhenBothStylesArePresent() throws IOException {
        write(dir.resolve("t10k-labels.idx1-ubyte.gz"), gzip(IdxFiles.labels(1)));
        write(dir.resolve("t10k-labels-idx1-ubyte"), IdxFiles.labels(2));

        assertThat(MnistFile.TEST_LABELS.find(dir)).contains(dir.resolve("t10k-labels-idx1-ubyte"));
    }

    @Test
    void listsTheMissingFilesOfASplit() throws IOException {
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(IdxFiles.images(1)));

        assertThat(MnistData.missing(dir, MnistData.Split.TEST)).containsExactly(MnistFile.TEST_LABELS);
        assertThat(MnistData.missing(dir, MnistData.Split.TRAIN))
                .containsExactly(MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS);
        assertThat(MnistData.isComplete(dir)).isFalse();
    }

    @Test
    void reportsAMissingFileByNameAndFolder() throws IOException {
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(IdxFiles.images(1)));

        assertThatThrownBy(() -> MnistData.load(dir, MnistData.Split.TEST))
                .isInstanceOf(FileNotFoundException.class)
                .hasMessage("MNIST file t10k-labels-idx1-ubyte.gz is not in " + dir + ".");
    }

    @Test
    void refusesImageAndLabelCountsThatDiffer() throws IOException {
        writeTestSplit("canonical", false, IdxFiles.images(3), IdxFiles.labels(1, 2));

        assertThatThrownBy(() -> MnistData.load(dir, MnistData.Split.TEST))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("t10k-images-idx3-ubyte holds 3 images but t10k-labels-idx1-ubyte holds 2 labels.");
    }

    @Test
    void refusesALabelThatIsNotADigit() throws IOException {
        writeTestSplit("canonical", true, IdxFiles.images(3), IdxFiles.labels(1, 12, 3));

        assertThatThrownBy(() -> MnistData.load(dir, MnistData.Split.TEST))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("t10k-labels-idx1-ubyte.gz: label 12 of example 1 is not a digit 0-9.");
    }

    @Test
    void refusesImagesThatAreNot28By28() throws IOException {
        writeTestSplit("dotted", false, IdxFiles.images(2, 20, 20), IdxFiles.labels(1, 2));

        assertThatThrownBy(() -> MnistData.load(dir, MnistData.Split.TEST))
                .isInstanceOf(IdxFormatException.class)
                .hasMessage("t10k-images.idx3-ubyte holds 20×20 images; MNIST images are 28×28.");
    }

    @Test
    void loadsTheMiniFixture() throws IOException {
        MnistSet train = MnistData.load(Fixtures.mini(), MnistData.Split.TRAIN);
        MnistSet test = MnistData.load(Fixtures.mini(), MnistData.Split.TEST);

        assertThat(train.size()).isEqualTo(2000);
        assertThat(test.size()).isEqualTo(500);
        for (int count : train.labelCounts()) {
            assertThat(count).isGreaterThan(100);
        }
        float[] pixels = train.pixels(0);
        assertThat(pixels).hasSize(784);
        for (float p : pixels) {
            assertThat(p).isBetween(0f, 1f);
        }
        assertThat(max(pixels)).isEqualTo(1f);
    }

    @Test
    void loadsTheFullTestSetFixture() throws IOException {
        MnistSet test = MnistData.load(Fixtures.fullTestSet(), MnistData.Split.TEST);

        assertThat(test.size()).isEqualTo(10_000);
        assertThat(test.label(0)).isEqualTo(7); // MNIST's first test image is a 7
    }

    private static float max(float[] values) {
        float m = Float.NEGATIVE_INFINITY;
        for (float v : values) {
            m = Math.max(m, v);
        }
        return m;
    }
}
