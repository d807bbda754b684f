package com.digitstudio.app.mydigits;

import com.digitstudio.adapt.MyDigits;
import com.digitstudio.ink.Ink;
import com.digitstudio.ink.InkPoint;
import com.digitstudio.ink.Stroke;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** My digits as the app keeps them: shown at once, written in order, merged with what another app wrote. */
@ExtendWith(ApplicationExtension.class)
class MyDigitsModelTest {
    @TempDir
    Path dir;
    private final ExecutorService io1 = Executors.newSingleThreadExecutor();
    private final ExecutorService io2 = Executors.newSingleThreadExecutor();

    @Start
    void start(Stage stage) {
        // the FX toolkit only: the model posts its results to the FX thread
    }

    @AfterEach
    void stopExecutors() {
        io1.shutdownNow();
        io2.shutdownNow();
    }

    private static Ink ink(double x) {
        return new Ink(List.of(new Stroke(List.of(new InkPoint(x, 0, 0), new InkPoint(x, 40, 10)))));
    }

    /** Waits until every read and write handed to {@code io} is done and its result is on the FX thread. */
    private static void settle(ExecutorService io) throws Exception {
        io.submit(() -> { }).get(30, TimeUnit.SECONDS);
        WaitForAsyncUtils.waitForFxEvents();
    }

    private static <T> T fx(java.util.concurrent.Callable<T> read) throws Exception {
        return WaitForAsyncUtils.asyncFx(read).get(30, TimeUnit.SECONDS);
    }

    private static List<Integer> labels(List<MyDigits.Drawing> drawings) {
        return drawings.stream().map(MyDigits.Drawing::label).toList();
    }

    @Test
    void twoAppsOnOneFileKeepBothOnesDrawingsAndEachShowsTheOthersOnceItWrites(FxRobot robot) throws Exception {
        Path file = dir.resolve("my-digits.jsonl");
        MyDigitsModel first = new MyDigitsModel(file, io1);
        MyDigitsModel second = new MyDigitsModel(file, io2);
        robot.interact(() -> {
            first.load();
            second.load();
        });
        settle(io1);
        settle(io2);

        MyDigits.Drawing seven = fx(() -> first.add(7, ink(1)));
        settle(io1);
        robot.interact(() -> second.add(3, ink(2)));
        settle(io2);
        assertThat(labels(MyDigits.load(file))).containsExactly(7, 3);
        assertThat(labels(fx(() -> List.copyOf(second.drawings())))).containsExactly(7, 3);
        assertThat(labels(fx(() -> List.copyOf(first.drawings())))).as("it has not written since").containsExactly(7);

        robot.interact(first::refresh);
        settle(io1);
        assertThat(labels(fx(() -> List.copyOf(first.drawings())))).as("read again, as when its window is focused")
                .containsExactly(7, 3);

        robot.interact(() -> first.delete(seven));
        settle(io1);
        assertThat(labels(MyDigits.load(file))).containsExactly(3);
        assertThat(labels(fx(() -> List.copyOf(first.drawings())))).containsExactly(3);
    }

    @Test
    void aChangeThatCouldNotBeWrittenStaysShownAndIsWrittenWithTheNextOne(FxRobot robot) throws Exception {
        Path blocker = Files.createFile(dir.resolve("digit-studio"));
        Path file = blocker.resolve("my-digits.jsonl");
        MyDigitsModel model = new MyDigitsModel(file, io1);
        robot.interact(model::load);
        settle(io1);

        robot.interact(() -> model.add(7, ink(1)));
        settle(io1);
        assertThat(fx(() -> model.problemProperty().get())).startsWith("my-digits.jsonl could not be written");
        assertThat(labels(fx(() -> List.copyOf(model.drawings())))).containsExactly(7);

        Files.delete(blocker);
        robot.interact(() -> model.add(3, ink(2)));
        settle(io1);
        assertThat(labels(MyDigits.load(file))).containsExactly(7, 3);
        assertThat(fx(() -> model.problemProperty().get())).isNull();
        assertThat(labels(fx(() -> List.copyOf(model.drawings())))).containsExactly(7, 3);
    }
}
