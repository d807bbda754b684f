package com.digitstudio.app.train;

import com.digitstudio.model.SavedModel;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.LinkedHashMap;
import java.util.Map;

/** Small pieces of work on a trainer's model, run on the training thread at a step boundary. */
final class ModelJobs {
    private ModelJobs() {
    }

    /** A copy of {@code model} that shares no array with the live, still-training network. */
    static SavedModel detached(SavedModel model) {
        Map<String, INDArray> copies = new LinkedHashMap<>();
        model.parameters().forEach((name, array) -> copies.put(name, array.dup()));
        return new SavedModel(model.info(), copies, null, Map.of());
    }
}
