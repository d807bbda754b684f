package com.digitstudio.cli;

import com.digitstudio.foreign.Models;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelFormatException;
import com.digitstudio.model.PixelScale;
import com.digitstudio.model.ShippedModel;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --model FILE} (defaulting to the shipped model) and {@code --input-scale} for models made elsewhere. */
final class ModelOption {
    @Option(names = "--model", paramLabel = "FILE",
            description = "Model file: .dsm, ONNX (.onnx), Keras 1/2 (.h5) or a DL4J ModelSerializer zip. "
                    + "Default: the shipped model.")
    Path model;

    @Option(names = "--input-scale", paramLabel = "SCALE",
            description = "Pixel scaling an ONNX or Keras model expects: 0..1, 0..255 or -1..1. "
                    + "Default: found by scoring each on 500 built-in MNIST test images.")
    String inputScale;

    DigitClassifier load() throws IOException {
        PixelScale scale = null;
        if (inputScale != null) {
            try {
                scale = PixelScale.parse(inputScale);
            } catch (IllegalArgumentException e) {
                throw new ModelFormatException("The input scale " + e.getMessage());
            }
        }
        if (model == null) {
            if (scale != null) {
                throw new ModelFormatException("The shipped model reads pixels 0..1; --input-scale applies to ONNX and "
                        + "Keras models given with --model.");
            }
            return ShippedModel.load();
        }
        try {
            return Models.load(model, scale);
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(e.getMessage());
        }
    }
}
