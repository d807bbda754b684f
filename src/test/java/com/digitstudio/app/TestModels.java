package com.digitstudio.app;

import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.SavedModel;
import com.digitstudio.model.ShippedModel;
import com.digitstudio.train.Preset;
import com.digitstudio.train.Trainer;
import com.digitstudio.train.TrainingControl;
import com.digitstudio.train.TrainingListener;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A real model for UI tests: the shipped model when this build has it, else one trained once on the mini fixture
 * (150 FAST steps, about 90% on its test images) and kept in target/ so later runs reuse it.
 */
public final class TestModels {
    private static final Path CACHE = Path.of("target", "test-models", "test-model.dsm");

    private TestModels() {
    }

    /** A good model file (a copy: tests may do what they like with it). */
    public static synchronized Path file() {
        try {
            if (!Files.isRegularFile(CACHE)) {
                Files.createDirectories(CACHE.getParent());
                if (ShippedModel.class.getResource(ShippedModel.RESOURCE) != null) {
                    try (InputStream in = ShippedModel.class.getResourceAsStream(ShippedModel.RESOURCE)) {
                        Path temp = CACHE.resolveSibling(CACHE.getFileName() + ".part");
                        Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                        Files.move(temp, CACHE, StandardCopyOption.REPLACE_EXISTING);
                    }
                } else {
                    ModelFiles.save(CACHE, trainOnMini());
                }
            }
            return CACHE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh instance of the test model. */
    public static DigitClassifier model() {
        try {
            return ModelFiles.load(file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SavedModel trainOnMini() throws IOException {
        Path mini = miniData();
        MnistSet train = MnistData.load(mini, MnistData.Split.TRAIN);
        MnistSet test = MnistData.load(mini, MnistData.Split.TEST);
        Trainer trainer = Trainer.start(Preset.FAST.config().withSteps(150).withEvalEvery(0).withCheckpointEvery(0),
                train, test);
        try {
            trainer.run(new TrainingListener() { }, new TrainingControl());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while training the test model", e);
        }
        SavedModel model = trainer.model();
        return new SavedModel(model.info().withName("mini-fast-150"), model.parameters(), null, model.updaterState());
    }

    /** The mini MNIST fixture: 2,000 training and 500 test images. */
    public static Path miniData() {
        try {
            return Path.of(TestModels.class.getResource("/mnist/mini").toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
