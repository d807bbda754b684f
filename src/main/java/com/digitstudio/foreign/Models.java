package com.digitstudio.foreign;

import com.digitstudio.keras.KerasImport;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.PixelScale;
import com.digitstudio.onnx.OnnxImport;
import com.digitstudio.support.Progress;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Opens any model a user can give, by its extension: ONNX ({@code .onnx}), Keras ({@code .h5}, {@code .hdf5},
 * {@code .keras}), and Digit Studio and DL4J files through {@link ModelFiles}.
 */
public final class Models {
    /** The extensions the open dialogs offer, lower case, with the dot. */
    public static final java.util.List<String> EXTENSIONS = java.util.List.of(".dsm", ".zip", ".onnx", ".h5", ".hdf5", ".keras");

    private Models() {
    }

    public static DigitClassifier load(Path file) throws IOException {
        return load(file, null);
    }

    /**
     * @param scale the pixel scaling a foreign model expects, as the user says it; {@code null}: found by scoring.
     *              Digit Studio's own files know theirs, so it is refused for them.
     */
    public static DigitClassifier load(Path file, PixelScale scale) throws IOException {
        return load(file, scale, Progress.NONE);
    }

    /** As {@link #load(Path, PixelScale)}, reporting to {@code progress}, which can cancel a foreign import. */
    public static DigitClassifier load(Path file, PixelScale scale, Progress progress) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean regular = Files.isRegularFile(file);
        if (regular && name.endsWith(".onnx")) {
            return OnnxImport.load(file, scale, progress);
        }
        if (regular && (name.endsWith(".h5") || name.endsWith(".hdf5") || name.endsWith(".keras"))) {
            return KerasImport.load(file, scale, progress);
        }
        if (scale != null) {
            throw new IllegalArgumentException(file.getFileName() + " says itself how it reads pixels; a pixel scaling "
                    + "applies to ONNX and Keras models only.");
        }
        return ModelFiles.load(file);
    }
}
