package com.digitstudio.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Loads MNIST from a folder holding its IDX files, under either naming style, gzipped or not. */
public final class MnistData {
    private MnistData() {
    }

    public enum Split {
        TRAIN(MnistFile.TRAIN_IMAGES, MnistFile.TRAIN_LABELS),
        TEST(MnistFile.TEST_IMAGES, MnistFile.TEST_LABELS);

        final MnistFile images;
        final MnistFile labels;

        Split(MnistFile images, MnistFile labels) {
            this.images = images;
            this.labels = labels;
        }

        public List<MnistFile> files() {
            return List.of(images, labels);
        }
    }

    /** The files of {@code split} missing from {@code dir}. */
    public static List<MnistFile> missing(Path dir, Split split) {
        List<MnistFile> missing = new ArrayList<>();
        for (MnistFile file : split.files()) {
            if (file.find(dir).isEmpty()) {
                missing.add(file);
            }
        }
        return missing;
    }

    public static boolean isComplete(Path dir) {
        return missing(dir, Split.TRAIN).isEmpty() && missing(dir, Split.TEST).isEmpty();
    }

    public static MnistSet load(Path dir, Split split) throws IOException {
        List<MnistFile> missing = missing(dir, split);
        if (!missing.isEmpty()) {
            throw new java.io.FileNotFoundException("MNIST file " + missing.get(0).gzipName() + " is not in " + dir + ".");
        }
        Path imageFile = split.images.find(dir).orElseThrow();
        Path labelFile = split.labels.find(dir).orElseThrow();
        IdxReader.IdxData images = IdxReader.read(imageFile, split.images.ndims());
        IdxReader.IdxData labels = IdxReader.read(labelFile, split.labels.ndims());
        String imageName = imageFile.getFileName().toString();
        if (images.dims()[1] != MnistSet.SIDE || images.dims()[2] != MnistSet.SIDE) {
            throw new IdxFormatException(String.format("%s holds %d×%d images; MNIST images are 28×28.",
                    imageName, images.dims()[1], images.dims()[2]));
        }
        if (images.count() == 0) {
            throw new IdxFormatException(imageName + " holds no images.");
        }
        if (images.count() != labels.count()) {
            throw new IdxFormatException(String.format("%s holds %,d images but %s holds %,d labels.",
                    imageName, images.count(), labelFile.getFileName(), labels.count()));
        }
        for (int i = 0; i < labels.data().length; i++) {
            int label = labels.data()[i] & 0xff;
            if (label > 9) {
                throw new IdxFormatException(String.format("%s: label %d of example %,d is not a digit 0-9.",
                        labelFile.getFileName(), label, i));
            }
        }
        return new MnistSet(images.data(), labels.data());
    }
}
