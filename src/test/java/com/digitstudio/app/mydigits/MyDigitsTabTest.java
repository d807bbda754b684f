package com.digitstudio.app.mydigits;

import com.digitstudio.adapt.MyDigits;
import com.digitstudio.app.WindowFixture;
import com.digitstudio.app.draw.DrawView;
import com.digitstudio.app.draw.DrawViewModel;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.DigitClassifier;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.Callable;

import static com.digitstudio.app.WindowFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** Correct a drawing, find it in My digits, teach a copy on a few drawings, use the taught model. */
@ExtendWith(ApplicationExtension.class)
class MyDigitsTabTest {
    private WindowFixture window;
    private DrawViewModel draw;

    @Start
    void start(Stage stage) {
        window = new WindowFixture(stage);
    }

    @AfterEach
    void closeWindow() {
        window.close();
    }

    /** Draws a vertical bar (a "1"), leaning by {@code lean} pixels, on the pad through its view model. */
    private void drawOne(FxRobot robot, double lean) {
        if (draw == null) {
            draw = robot.lookup("#drawView").queryAs(DrawView.class).viewModel();
        }
        robot.interact(() -> {
            draw.clear();
            draw.beginStroke(150 - lean, 60, 0);
            for (int i = 1; i <= 20; i++) {
                draw.extendStroke(150 - lean + 2 * lean * i / 20.0, 60 + 10 * i, i * 10L);
            }
            draw.endStroke();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    private List<MyDigits.Drawing> saved() throws Exception {
        return Files.exists(window.context.myDigitsFile()) ? MyDigits.load(window.context.myDigitsFile()) : List.of();
    }

    @Test
    void aCorrectedDrawingIsKeptAsStrokesAndShownUnderItsDigit(FxRobot robot) throws Exception {
        drawOne(robot, 10);
        robot.clickOn("#correct7");
        waitUntil("the drawing is saved", () -> fx(() -> saved().size()) == 1);
        MyDigits.Drawing kept = saved().get(0);
        assertThat(kept.label()).isEqualTo(7);
        assertThat(kept.ink().pointCount()).isEqualTo(21);
        assertThat(robot.lookup("#correctionFeedback").queryAs(Label.class).getText())
                .isEqualTo("Added to My digits as a 7: you have 1 drawing of it, 1 drawing in all.");

        drawOne(robot, -6);
        robot.type(KeyCode.DIGIT3);
        waitUntil("a typed digit adds too", () -> fx(() -> saved().size()) == 2);
        assertThat(saved().get(1).label()).isEqualTo(3);

        robot.interact(() -> robot.lookup("#tabs").queryAs(TabPane.class).getSelectionModel().select(3));
        FlowPane sevens = robot.lookup("#row7").queryAs(FlowPane.class);
        assertThat(sevens.getChildren()).hasSize(1);
        assertThat(robot.lookup("#myDigitsCounts").queryAs(Label.class).getText()).startsWith("2 drawings:");
        waitUntil("the model's reading of them is shown", () -> fx(() ->
                robot.lookup("#myDigitsReading").queryAs(Label.class).getText()).contains(" of 2 right"));

        // the rows are rebuilt once the model's reading arrives: look again
        sevens = robot.lookup("#row7").queryAs(FlowPane.class);
        robot.rightClickOn(sevens.getChildren().get(0));
        robot.clickOn("Delete");
        waitUntil("deleting saves", () -> fx(() -> saved().size()) == 1);
        assertThat(robot.lookup("#row7").tryQuery()).isEmpty();

        // the same drawing pressed again (or a held key) is still one drawing, with the latest digit
        robot.interact(() -> robot.lookup("#tabs").queryAs(TabPane.class).getSelectionModel().select(0));
        drawOne(robot, 3);
        robot.clickOn("#correct4");
        robot.clickOn("#correct4");
        robot.clickOn("#correct5");
        waitUntil("the relabelling is saved", () -> fx(() -> saved().size() == 2 && saved().get(1).label() == 5));
        assertThat(robot.lookup("#correctionFeedback").queryAs(Label.class).getText()).isEqualTo("Changed to a 5 in My digits.");
    }

    @Test
    void teachingACopyOnAFewDrawingsMeasuresItAndUseItPutsItInUse(FxRobot robot) throws Exception {
        for (int i = 0; i < 8; i++) {
            drawOne(robot, -12 + 3 * i);
            int digit = i % 2 == 0 ? 1 : 7;
            robot.clickOn("#correct" + digit);
        }
        waitUntil("all eight are saved", () -> fx(() -> saved().size()) == 8);
        DigitClassifier before = window.context.getModel();
        robot.interact(() -> robot.lookup("#tabs").queryAs(TabPane.class).getSelectionModel().select(3));
        assertThat(fx(() -> robot.lookup("#getMnist").query().isVisible())).as("no MNIST in the tests' home").isTrue();
        robot.clickOn("#teachButton");
        Button useIt = robot.lookup("#useTaughtModel").queryAs(Button.class);
        waitUntil("teaching ends with a choice", () -> fx(() -> useIt.getParent().isVisible()));
        String status = fx(() -> robot.lookup("#teachStatus").queryAs(Label.class).getText());
        assertThat(status).startsWith("Taught on 6 drawings").contains("On the 2 drawings held out of the teaching: ");
        assertThat(status).contains("MNIST is not downloaded");
        assertThat(fx(window.context::getModel)).as("nothing changes before Use it").isSameAs(before);

        robot.clickOn("#useTaughtModel");
        waitUntil("the taught model is in use", () -> fx(window.context::getModel) != before);
        assertThat(fx(window.context::getModel)).isInstanceOf(CnnNetwork.class);
        assertThat(fx(() -> window.context.getModel().info().name())).endsWith("-taught");

        // and it is saved like any other model
        java.nio.file.Path saved = Files.createTempDirectory("taught").resolve("mine");
        robot.interact(() -> window.view.saveModelAs(saved));
        java.nio.file.Path file = saved.resolveSibling("mine.dsm");
        waitUntil("the taught model is saved", () -> Files.exists(file));
        try (DigitClassifier reopened = com.digitstudio.model.ModelFiles.load(file)) {
            assertThat(reopened.info().name()).as("a model is named after its file").isEqualTo("mine");
            float[] pixels = new float[784];
            for (int y = 4; y < 24; y++) {
                pixels[y * 28 + 14] = 1;
            }
            float[] inUse = fx(() -> window.context.getModel()).predict(pixels);
            assertThat(reopened.predict(pixels)).containsExactly(inUse, org.assertj.core.data.Offset.offset(1e-6f));
        }
    }

    private static <T> T fx(Callable<T> callable) {
        return WaitForAsyncUtils.waitForAsyncFx(10_000, callable);
    }
}
