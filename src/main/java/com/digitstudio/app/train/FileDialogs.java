package com.digitstudio.app.train;

import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** The file and folder choosers the Train tab opens; tests replace them with fixed answers. */
public interface FileDialogs {

    /** Where to save a model; empty if the user cancelled. */
    Optional<Path> chooseModelFile(Window owner, String suggestedName);

    /** A folder that should hold MNIST; empty if the user cancelled. */
    Optional<Path> chooseDataFolder(Window owner, Path current);

    /** The platform's own dialogs. */
    static FileDialogs system() {
        return new FileDialogs() {
            @Override
            public Optional<Path> chooseModelFile(Window owner, String suggestedName) {
                FileChooser chooser = new FileChooser();
                chooser.setTitle("Save model");
                chooser.setInitialFileName(suggestedName);
                chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Digit Studio model (*.dsm)", "*.dsm"));
                File file = chooser.showSaveDialog(owner);
                if (file == null) {
                    return Optional.empty();
                }
                Path path = file.toPath();
                return Optional.of(path.getFileName().toString().contains(".") ? path
                        : path.resolveSibling(path.getFileName() + ".dsm"));
            }

            @Override
            public Optional<Path> chooseDataFolder(Window owner, Path current) {
                DirectoryChooser chooser = new DirectoryChooser();
                chooser.setTitle("Choose a folder that holds MNIST");
                if (current != null && Files.isDirectory(current)) {
                    chooser.setInitialDirectory(current.toFile());
                }
                File folder = chooser.showDialog(owner);
                return Optional.ofNullable(folder).map(File::toPath);
            }
        };
    }
}
