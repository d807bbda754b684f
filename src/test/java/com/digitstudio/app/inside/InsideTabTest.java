package com.digitstudio.app.inside;

import com.digitstudio.app.WindowFixture;
import com.digitstudio.app.draw.DrawnDigits;
import com.digitstudio.app.draw.Prediction;
import com.digitstudio.model.Activations;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import static com.digitstudio.app.WindowFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The Inside tab in the real window: draw on the Draw tab, look inside on the Inside tab. */
@ExtendWith(ApplicationExtension.class)
class InsideTabTest {
    private WindowFixture window;

    @Start
    void start(Stage stage) {
        window = new WindowFixture(stage);
    }

    @AfterEach
    void closeWindow() {
        window.close();
    }

    @Test
    void aModelMadeElsewhereShowsItsOwnLayersAndSaysWhatCannotBeShown(FxRobot robot) throws Exception {
        java.nio.file.Path keras = java.nio.file.Path.of(InsideTabTest.class.getResource("/keras/cnn-sequential.h5").toURI());
        var before = window.context.getModel();
        robot.interact(() -> window.view.openModel(keras));
        com.digitstudio.app.WindowFixture.waitUntil("the Keras model is in use", () -> fx(window.context::getModel) != before);
        robot.interact(() -> robot.lookup("#tabs").queryAs(javafx.scene.control.TabPane.class).getSelectionModel().select(2));
        Label placeholder = robot.lookup("#insidePlaceholder").queryAs(Label.class);
        com.digitstudio.app.WindowFixture.waitUntil("its layers are listed", () -> fx(placeholder::getText).contains("as its file describes them"));
        assertThat(fx(placeholder::getText)).contains("conv2d (ConvolutionLayer) → 26×26×8, 80 weights")
                .contains("max_pooling2d (SubsamplingLayer) → 13×13×8").contains("13,610 weights in all")
                .contains("shown for Digit Studio's own network only");
        assertThat(fx(placeholder::isVisible)).isTrue();
    }

    @Test
    void aDrawnDigitShowsItsInputAnd32Conv1MapsOnTheInsideTab(FxRobot robot) {
        Activations layers = drawSevenAndOpenInside(robot);
        InsideView view = insideView(robot);
        LayerTile conv1 = fx(() -> view.tile("conv1"));

        assertThat(fx(() -> conv1.isVisible())).isTrue();
        assertThat(fx(() -> conv1.picture().getImage().getWidth())).as("8 maps of 28 and 7 gaps").isEqualTo(8 * 29 - 1);
        assertThat(fx(() -> conv1.picture().getImage().getHeight())).as("4 rows of maps").isEqualTo(4 * 29 - 1);
        assertThat(fx(() -> conv1.mapAt(conv1.centreOf(31).getX(), conv1.centreOf(31).getY()))).isEqualTo(31);
        assertThat(layers.conv1()).hasSize(28 * 28 * 32);
        assertThat(robot.lookup("#insidePlaceholder").queryAs(Label.class).isVisible()).isFalse();
    }

    @Test
    void clickingAConv2MapOpensItAndHoveringAPixelShowsTheNetworksOwnArithmetic(FxRobot robot) {
        Activations layers = drawSevenAndOpenInside(robot);
        InsideView view = insideView(robot);
        LayerTile conv2 = fx(() -> view.tile("conv2"));
        waitUntil("the weights are loaded", () -> fx(() -> view.viewModel().arithmeticProperty().get()) != null);

        Point2D centre = fx(() -> conv2.picture().localToScreen(conv2.centreOf(5)));
        robot.clickOn(centre);
        waitUntil("map 5 of conv2 is selected",
                () -> fx(() -> view.viewModel().selectionProperty().get()).equals(new InsideViewModel.Selection("conv2", 5)));

        // the pointer on row 6, column 7 of the large map
        var map = robot.lookup("#detailMap").query();
        double cell = MapDetail.SIZE / 14;
        robot.moveTo(fx(() -> map.localToScreen(7 * cell + cell / 2, 6 * cell + cell / 2)));
        WaitForAsyncUtils.waitForFxEvents();
        String text = robot.lookup("#arithmetic").queryAs(Label.class).getText();

        float value = layers.conv2()[(6 * 14 + 7) * 64 + 5];
        assertThat(text).startsWith("conv2[row 6, column 7, map 5]");
        assertThat(text).contains("800 products");
        assertThat(text).endsWith(String.format(Locale.ROOT, "= %.4f", value));
    }

    @Test
    void hoveringAPool1PixelShowsItsWindowAndMaximum(FxRobot robot) {
        Activations layers = drawSevenAndOpenInside(robot);
        InsideView view = insideView(robot);
        fx(() -> {
            view.viewModel().select("pool1", 9);
            return null;
        });
        WaitForAsyncUtils.waitForFxEvents();
        String text = fx(() -> {
            view.detail().hover(4, 6);
            return view.detail().arithmeticText();
        });
        assertThat(text).startsWith("pool1[row 4, column 6, map 9]").contains("conv1's 2×2 window at rows 8–9, columns 12–13")
                .endsWith(String.format(Locale.ROOT, "= %.4f", layers.pool1()[(4 * 14 + 6) * 32 + 9]));
    }

    @Test
    void theEraseTestReadsTheDigitAgainWithoutItsMostImportantInk(FxRobot robot) {
        drawSevenAndOpenInside(robot);
        InsideView view = insideView(robot);
        waitUntil("the saliency map is drawn", () -> fx(() -> view.viewModel().saliencyProperty().get()) != null);
        assertThat(fx(() -> view.viewModel().saliencyProperty().get().digit())).isEqualTo(7);

        robot.clickOn("#eraseButton");
        waitUntil("the erase test has run", () -> fx(() -> view.viewModel().eraseProperty().get()) != null);

        InsideViewModel.EraseResult result = fx(() -> view.viewModel().eraseProperty().get());
        assertThat(result.salient()).as("salient ink erased").isLessThan(result.before());
        assertThat(result.salient()).as("salient against random").isLessThan(result.random());
        assertThat(robot.lookup("#eraseResult").queryAs(Label.class).getText()).startsWith("Probability of 7:");
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    private Activations drawSevenAndOpenInside(FxRobot robot) {
        draw(robot, DrawnDigits.SEVEN);
        waitUntil("a prediction with every layer", () -> {
            Prediction p = fx(() -> window.view.drawView().viewModel().getPrediction());
            return p != null && p.layers() != null && !fx(() -> window.view.drawView().viewModel().busyProperty().get());
        });
        robot.press(KeyCode.CONTROL).type(KeyCode.DIGIT3).release(KeyCode.CONTROL);
        waitUntil("the Inside tab shows", () -> fx(() -> window.view.insideTab().isSelected()));
        WaitForAsyncUtils.waitForFxEvents();
        return fx(() -> window.view.drawView().viewModel().getPrediction().layers());
    }

    private static InsideView insideView(FxRobot robot) {
        return robot.lookup("#insideView").queryAs(InsideView.class);
    }

    private static void draw(FxRobot robot, double[][] strokes) {
        Canvas canvas = robot.lookup("#drawCanvas").queryAs(Canvas.class);
        Bounds pad = fx(() -> canvas.localToScreen(canvas.getLayoutBounds()));
        for (double[] polyline : strokes) {
            List<double[]> points = DrawnDigits.densify(polyline, 0.015);
            robot.moveTo(new Point2D(pad.getMinX() + points.get(0)[0] * pad.getWidth(), pad.getMinY() + points.get(0)[1] * pad.getHeight()));
            robot.press(MouseButton.PRIMARY);
            for (double[] p : points.subList(1, points.size())) {
                robot.robotContext().getMouseRobot().moveNoWait(
                        new Point2D(pad.getMinX() + p[0] * pad.getWidth(), pad.getMinY() + p[1] * pad.getHeight()));
            }
            robot.release(MouseButton.PRIMARY);
        }
    }

    private static <T> T fx(Callable<T> callable) {
        return WaitForAsyncUtils.waitForAsyncFx(10_000, callable);
    }
}
