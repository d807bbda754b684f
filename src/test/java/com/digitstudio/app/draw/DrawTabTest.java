package com.digitstudio.app.draw;

import com.digitstudio.app.WindowFixture;
import com.digitstudio.ink.InkRasterizer;
import javafx.geometry.Bounds;
import javafx.geometry.Point2D;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.robot.MouseRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import static com.digitstudio.app.WindowFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** Drawing with the mouse in the real window and watching the network's answer. */
@ExtendWith(ApplicationExtension.class)
class DrawTabTest {
    private final InkRasterizer rasterizer = new InkRasterizer();
    private WindowFixture window;
    private DrawViewModel viewModel;

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
    void drawingASevenShowsSevenOnTopAndAsTheHighestBar(FxRobot robot) {
        draw(robot, DrawnDigits.SEVEN);
        assertShows(robot, 7);
    }

    @Test
    void drawingAOneShowsOne(FxRobot robot) {
        draw(robot, DrawnDigits.ONE);
        assertShows(robot, 1);
    }

    @Test
    void drawingAZeroShowsZero(FxRobot robot) {
        draw(robot, DrawnDigits.ZERO);
        assertShows(robot, 0);
    }

    @Test
    void drawingAFourInTwoStrokesShowsFour(FxRobot robot) {
        draw(robot, DrawnDigits.FOUR);
        assertThat(fx(() -> viewModel.getInk().strokes().size())).isEqualTo(2);
        assertShows(robot, 4);
    }

    @Test
    void previewShowsExactlyTheArrayTheModelRead(FxRobot robot) {
        draw(robot, DrawnDigits.SEVEN);
        waitForSettledPrediction();
        InputPreview preview = robot.lookup("#inputPreview").queryAs(InputPreview.class);
        float[] expected = rasterizer.rasterize(fx(viewModel::getInk)).orElseThrow();
        assertThat(fx(preview::pixels)).containsExactly(expected);
    }

    @Test
    void emptyPadShowsTheHintAndNoGuess(FxRobot robot) {
        assertThat(robot.lookup("#padHint").queryAs(Label.class).isVisible()).isTrue();
        assertThat(robot.lookup("#topDigit").queryAs(Label.class).getText()).isEmpty();
        assertThat(robot.lookup("#predictionPlaceholder").queryAs(Label.class).isVisible()).isTrue();
        ProbabilityChart chart = robot.lookup("#probabilityChart").queryAs(ProbabilityChart.class);
        for (int digit = 0; digit < 10; digit++) {
            assertThat(chart.value(digit)).isZero();
        }
        draw(robot, DrawnDigits.ONE);
        assertThat(robot.lookup("#padHint").queryAs(Label.class).isVisible()).isFalse();
    }

    @Test
    void pointsOutsideThePadAreClampedToItsEdge(FxRobot robot) {
        Canvas canvas = robot.lookup("#drawCanvas").queryAs(Canvas.class);
        robot.moveTo(screen(canvas, 0.5, 0.5)).press(MouseButton.PRIMARY);
        robot.moveTo(screen(canvas, 1.3, -0.2)).release(MouseButton.PRIMARY);
        var points = fx(() -> viewModel.getInk().strokes().get(0).points());
        assertThat(points).allSatisfy(p -> {
            assertThat(p.x()).isBetween(0.0, 1.0);
            assertThat(p.y()).isBetween(0.0, 1.0);
        });
        assertThat(points.get(points.size() - 1).x()).isEqualTo(1.0);
        assertThat(points.get(points.size() - 1).y()).isEqualTo(0.0);
    }

    @Test
    void ctrlZRemovesTheLastStrokeAndTheAnswerFollows(FxRobot robot) {
        draw(robot, DrawnDigits.FOUR);
        assertShows(robot, 4);
        robot.push(KeyCode.SHORTCUT, KeyCode.Z);
        waitUntil("one stroke is left", () -> fx(() -> viewModel.getInk().strokes().size()) == 1);
        waitForSettledPrediction();
        float[] oneStroke = rasterizer.rasterize(fx(viewModel::getInk)).orElseThrow();
        assertThat(fx(viewModel::getPrediction).input()).containsExactly(oneStroke);
    }

    @Test
    void undoButtonRemovesTheLastStroke(FxRobot robot) {
        draw(robot, DrawnDigits.FOUR);
        robot.clickOn("#undoButton");
        assertThat(fx(() -> viewModel.getInk().strokes().size())).isEqualTo(1);
    }

    @Test
    void clearButtonRemovesTheDrawingAndThePrediction(FxRobot robot) {
        draw(robot, DrawnDigits.SEVEN);
        assertShows(robot, 7);
        robot.clickOn("#clearButton");
        assertNoPrediction(robot);
    }

    @Test
    void escapeClearsThePad(FxRobot robot) {
        draw(robot, DrawnDigits.SEVEN);
        assertShows(robot, 7);
        robot.push(KeyCode.ESCAPE);
        assertNoPrediction(robot);
    }

    @Test
    void deleteClearsThePad(FxRobot robot) {
        draw(robot, DrawnDigits.ONE);
        assertShows(robot, 1);
        robot.push(KeyCode.DELETE);
        assertNoPrediction(robot);
    }

    @Test
    void statusBarShowsTheModelItsAccuracyAndTheInferenceTime(FxRobot robot) {
        StatusBar status = robot.lookup("#statusBar").queryAs(StatusBar.class);
        String name = WindowFixture.sharedModel().info().name();
        assertThat(status.getText()).startsWith("Model: " + name).contains("% test accuracy");
        draw(robot, DrawnDigits.ONE);
        waitForSettledPrediction();
        assertThat(robot.lookup("#inferenceTime").queryAs(Label.class).getText()).matches("Inference \\d+\\.\\d ms");
    }

    @Test
    void undoAndClearAreDisabledOnAnEmptyPad(FxRobot robot) {
        assertThat(robot.lookup("#undoButton").queryAs(Button.class).isDisabled()).isTrue();
        assertThat(robot.lookup("#clearButton").queryAs(Button.class).isDisabled()).isTrue();
        draw(robot, DrawnDigits.ONE);
        assertThat(robot.lookup("#undoButton").queryAs(Button.class).isDisabled()).isFalse();
        assertThat(robot.lookup("#clearButton").queryAs(Button.class).isDisabled()).isFalse();
    }

    // ---- helpers -------------------------------------------------------------------------------------------

    /**
     * Draws each polyline as one stroke: press at its first point, move through points about 7 px apart (as a
     * quick hand's mouse reports them), release at its last point.
     */
    private void draw(FxRobot robot, double[][] strokes) {
        Canvas canvas = robot.lookup("#drawCanvas").queryAs(Canvas.class);
        MouseRobot mouse = robot.robotContext().getMouseRobot();
        Bounds pad = fx(() -> canvas.localToScreen(canvas.getLayoutBounds()));
        for (double[] polyline : strokes) {
            List<double[]> points = DrawnDigits.densify(polyline, 0.015);
            robot.moveTo(screen(canvas, polyline[0], polyline[1]));
            robot.press(MouseButton.PRIMARY);
            for (double[] p : points.subList(1, points.size())) {
                mouse.moveNoWait(new Point2D(pad.getMinX() + p[0] * pad.getWidth(), pad.getMinY() + p[1] * pad.getHeight()));
            }
            robot.release(MouseButton.PRIMARY);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static Point2D screen(Canvas canvas, double x, double y) {
        return fx(() -> canvas.localToScreen(x * canvas.getWidth(), y * canvas.getHeight()));
    }

    /** Waits until the prediction shown is the reading of the drawing as it is now. */
    private void waitForSettledPrediction() {
        waitUntil("the prediction matches the drawing", () -> fx(() -> {
            Prediction p = viewModel.getPrediction();
            if (p == null || viewModel.busyProperty().get()) {
                return false;
            }
            return rasterizer.rasterize(viewModel.getInk()).map(input -> Arrays.equals(input, p.input())).orElse(false);
        }));
    }

    private void assertShows(FxRobot robot, int digit) {
        waitForSettledPrediction();
        Prediction prediction = fx(viewModel::getPrediction);
        assertThat(prediction.digit()).as("probabilities %s", Arrays.toString(prediction.probabilities())).isEqualTo(digit);
        assertThat(robot.lookup("#topDigit").queryAs(Label.class).getText()).isEqualTo(Integer.toString(digit));
        assertThat(robot.lookup("#topProbability").queryAs(Label.class).getText())
                .isEqualTo(PredictionPanel.percent(prediction.confidence()) + " sure");
        ProbabilityChart chart = robot.lookup("#probabilityChart").queryAs(ProbabilityChart.class);
        assertThat(chart.highlighted()).isEqualTo(digit);
        for (int d = 0; d < 10; d++) {
            assertThat(chart.value(d)).isEqualTo(prediction.probability(d), org.assertj.core.data.Offset.offset(1e-6));
        }
        assertThat(robot.lookup("#unsureLabel").queryAs(Label.class).isVisible()).isEqualTo(prediction.isUnsure());
    }

    private void assertNoPrediction(FxRobot robot) {
        waitUntil("the prediction disappears", () -> fx(viewModel::getPrediction) == null);
        assertThat(fx(() -> viewModel.getInk().isEmpty())).isTrue();
        assertThat(robot.lookup("#topDigit").queryAs(Label.class).getText()).isEmpty();
        assertThat(robot.lookup("#padHint").queryAs(Label.class).isVisible()).isTrue();
        ProbabilityChart chart = robot.lookup("#probabilityChart").queryAs(ProbabilityChart.class);
        assertThat(chart.highlighted()).isEqualTo(-1);
    }

    private static <T> T fx(Callable<T> callable) {
        return WaitForAsyncUtils.waitForAsyncFx(10_000, callable);
    }
}
