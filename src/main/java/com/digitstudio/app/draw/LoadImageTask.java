package com.digitstudio.app.draw;

import com.digitstudio.support.UserMessages;
import com.digitstudio.ink.ImageDigits;
import javafx.concurrent.Task;
import javafx.embed.swing.SwingFXUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads a digit from an image file on the I/O thread: decodes it, turns it into the model's 28×28 input through
 * the core's image path, and keeps the picture to show on the pad.
 */
public final class LoadImageTask extends Task<ImageInput> {
    private final Path file;

    public LoadImageTask(Path file) {
        this.file = file;
        updateTitle("Reading " + file.getFileName());
    }

    @Override
    protected ImageInput call() throws IOException {
        String name = file.getFileName().toString();
        if (!Files.exists(file)) {
            throw new NoSuchFileException(file.toString());
        }
        BufferedImage image = ImageIO.read(file.toFile());
        if (image == null) {
            throw new UnreadableImageException(name + " is not an image this app can read (PNG, JPEG, GIF or BMP).");
        }
        float[] pixels = ImageDigits.fromImage(image)
                .orElseThrow(() -> new UnreadableImageException(name + " shows no digit: the image is blank."));
        return new ImageInput(name, pixels, SwingFXUtils.toFXImage(image, null));
    }

    /** One sentence saying why {@code file} gave no digit. */
    public static String describe(Path file, Throwable failure) {
        if (failure instanceof UnreadableImageException) {
            return failure.getMessage();
        }
        return UserMessages.cannotOpen(file.getFileName().toString(), "an image", failure);
    }

    /** An image file that was read but holds nothing usable; the message is one sentence for the user. */
    static final class UnreadableImageException extends IOException {
        UnreadableImageException(String sentence) {
            super(sentence);
        }
    }
}
