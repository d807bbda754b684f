package com.digitstudio.onnx;

import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelFiles;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** Opens any model a user can give: ONNX ({@code .onnx}) here, Digit Studio and DL4J files through {@link ModelFiles}. */
public final class Models {
    private Models() {
    }

    public static DigitClassifier load(Path file) throws IOException {
        if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx") && java.nio.file.Files.isRegularFile(file)) {
            return OnnxImport.load(file);
        }
        return ModelFiles.load(file);
    }
}
