package com.digitstudio.model;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * The content of a Digit Studio model file: its description, its parameters and, for a checkpoint, the state
 * needed to resume training (kept opaque here: the training package owns its meaning).
 *
 * @param trainingState JSON written by the trainer, or null for a plain model
 * @param updaterState  optimiser state arrays by parameter name, empty for a plain model
 */
public record SavedModel(ModelInfo info, Map<String, INDArray> parameters, String trainingState,
                         Map<String, INDArray> updaterState) {

    public boolean isCheckpoint() {
        return trainingState != null;
    }

    public CnnNetwork toNetwork() {
        return CnnNetwork.fromParameters(parameters, info);
    }
}
