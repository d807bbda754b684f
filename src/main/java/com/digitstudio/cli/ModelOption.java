package com.digitstudio.cli;

import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.ShippedModel;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** {@code --model FILE}, defaulting to the shipped model. */
final class ModelOption {
    @Option(names = "--model", paramLabel = "FILE",
            description = "Model file: .dsm, ONNX (.onnx) or a DL4J ModelSerializer zip. Default: the shipped model.")
    Path model;

    DigitClassifier load() throws IOException {
        return model == null ? ShippedModel.load() : com.digitstudio.onnx.Models.load(model);
    }
}
