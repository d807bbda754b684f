package com.digitstudio.cli;

import java.nio.file.Path;

final class ModelFilesNames {
    private ModelFilesNames() {
    }

    /** {@code model.dsm} → {@code model.ckpt.dsm}. */
    static String checkpointName(Path model) {
        String name = model.getFileName().toString();
        String stem = name.endsWith(".dsm") ? name.substring(0, name.length() - 4) : name;
        return stem + ".ckpt.dsm";
    }
}
