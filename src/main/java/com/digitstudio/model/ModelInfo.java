package com.digitstudio.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * What a model file says about itself: stored as {@code model.json} inside a Digit Studio model file.
 *
 * @param formatVersion  the model file format version ({@link ModelFiles#FORMAT_VERSION})
 * @param name           a display name (usually the file name without extension)
 * @param architecture   which network; {@link CnnNetwork#ARCHITECTURE} for ours
 * @param engine         how it runs (SameDiff, or an imported DL4J network)
 * @param preset         the training preset it came from, if any
 * @param hyperparameters the training settings, as text
 * @param steps          optimisation steps trained
 * @param testAccuracy   accuracy on the 10,000 MNIST test images when it was saved, or null
 * @param testLoss       mean cross-entropy on the same, or null
 * @param normalisation  what the input pixels mean
 * @param created        ISO-8601 time of saving
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelInfo(int formatVersion, String name, String architecture, String engine, String preset,
                        Map<String, String> hyperparameters, long steps, Double testAccuracy, Double testLoss,
                        String normalisation, String created) {

    public static final String NORMALISATION = "28x28 row-major, pixel/255 in [0,1], 0 = background, 1 = ink (MNIST)";

    public static ModelInfo untrained(String preset, Map<String, String> hyperparameters) {
        return new ModelInfo(ModelFiles.FORMAT_VERSION, "untrained", CnnNetwork.ARCHITECTURE, "ND4J native kernels", preset,
                hyperparameters, 0, null, null, NORMALISATION, null);
    }

    public ModelInfo withName(String newName) {
        return new ModelInfo(formatVersion, newName, architecture, engine, preset, hyperparameters, steps,
                testAccuracy, testLoss, normalisation, created);
    }

    public ModelInfo withTraining(long newSteps, Double accuracy, Double loss) {
        return new ModelInfo(formatVersion, name, architecture, engine, preset, hyperparameters, newSteps,
                accuracy, loss, normalisation, created);
    }

    public ModelInfo withCreated(String time) {
        return new ModelInfo(formatVersion, name, architecture, engine, preset, hyperparameters, steps,
                testAccuracy, testLoss, normalisation, time);
    }
}
