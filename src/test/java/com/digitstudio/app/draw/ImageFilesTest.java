package com.digitstudio.app.draw;

import com.digitstudio.app.WindowFixture;
import com.digitstudio.ink.ImageDigits;
import javafx.scene.control.ButtonType;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import static com.digitstudio.app.WindowFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** Opening images of digits, and saving the drawing as one. */
@ExtendWith(ApplicationExtension.class)
class ImageFilesTest {
    private WindowFixture window;
    private DrawViewModel viewModel;

    @TempDir
    Path folder;

    @Start
    void start(Stage stage) {
        window = new WindowFixture(stage);
        viewModel = window.view.drawView().viewModel();
    }

    @AfterEach
    void closeWindow() {
        window.close();
    }

    @Test
    void openingAnImageOfADigitShowsItOnThePadAndReadsIt(FxRobot robot) throws IOException {
        Path png = folder.resolve("seven.png");
        BufferedImage picture = SaveDrawingTask.render(DrawnDigits.ink(DrawnDigits.SEVEN), 300);
        ImageIO.write(picture, "png", png.toFile());

        robot.interact(() -> window.view.openImage(png));
        waitUntil("the image is read", () -> fx(() -> viewModel.imageProperty().get() != null
                && viewModel.getPrediction() != null && !viewModel.busyProperty().get()));
        float[] expected = ImageDigits.fromImage(ImageIO.read(png.toFile())).orElseThrow();
        assertThat(fx(viewModel::getPrediction).input()).containsExactly(expected);
        assertThat(fx(viewModel::getPrediction).digit()).isEqualTo(7);
        assertThat(robot.lookup("#topDigit").queryAs(Label.class).getText()).isEqualTo("7");
        assertThat(robot.lookup("#padCaption").queryAs(Label.class).getText()).isEqualTo("Image: seven.png");
        assertThat(robot.lookup("#padHint").queryAs(Label.class).isVisible()).isFalse();
    }

    @Test
    void aFileThatIsNotAnImageSaysSoAndLeavesThePadAsItWas(FxRobot robot) throws IOException {
        Path fake = Files.writeString(folder.resolve("fake.png"), "not pixels");
        robot.interact(() -> viewModel.beginStroke(0.5, 0.2, 0));
        robot.interact(() -> viewModel.extendStroke(0.5, 0.8, 1));
        robot.interact(viewModel::endStroke);
        robot.interact(() -> window.view.openImage(fake));
        DialogPane dialog = WindowFixture.showingDialog(robot, "#errorDialog");
        assertThat(dialog.getContentText()).isEqualTo("fake.png is not an image this app can read (PNG, JPEG, GIF or BMP).");
        assertThat(fx(() -> viewModel.getInk().strokes().size())).isEqualTo(1);
        assertThat(fx(() -> viewModel.imageProperty().get())).isNull();
        robot.clickOn(dialog.lookupButton(ButtonType.OK));
    }

    @Test
    void aBlankImageSaysItShowsNoDigit(FxRobot robot) throws IOException {
        Path blank = folder.resolve("blank.png");
        BufferedImage white = new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = white.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, 50, 50);
        g.dispose();
        ImageIO.write(white, "png", blank.toFile());
        robot.interact(() -> window.view.openImage(blank));
        assertThat(WindowFixture.showingDialog(robot, "#errorDialog").getContentText())
                .isEqualTo("blank.png shows no digit: the image is blank.");
        assertThat(fx(viewModel::getPrediction)).isNull();
    }

    @Test
    void savingTheDrawingWritesAPngThatReadsAsTheSameDigit(FxRobot robot) throws IOException {
        robot.interact(() -> {
            for (double[] polyline : DrawnDigits.SEVEN) {
                viewModel.beginStroke(polyline[0], polyline[1], 0);
                for (int i = 2; i < polyline.length; i += 2) {
                    viewModel.extendStroke(polyline[i], polyline[i + 1], i);
                }
                viewModel.endStroke();
            }
        });
        Path target = folder.resolve("my digit");
        robot.interact(() -> window.view.saveDrawing(target));
        Path png = folder.resolve("my digit.png");
        waitUntil("the file is written", () -> Files.isRegularFile(png));
        BufferedImage saved = ImageIO.read(png.toFile());
        assertThat(saved.getWidth()).isEqualTo(SaveDrawingTask.SIDE);
        float[] input = ImageDigits.fromImage(saved).orElseThrow();
        waitUntil("the window's inference is done (the model is for one thread at a time)",
                () -> !fx(() -> viewModel.busyProperty().get()));
        float[] probabilities = WindowFixture.sharedModel().predict(input);
        assertThat(new Prediction(probabilities, input, 0).digit()).isEqualTo(7);
    }

    private static <T> T fx(Callable<T> callable) {
        return WaitForAsyncUtils.waitForAsyncFx(10_000, callable);
    }
}
