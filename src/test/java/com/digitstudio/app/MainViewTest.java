package com.digitstudio.app;

import com.digitstudio.model.DigitClassifier;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TabPane;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import static com.digitstudio.app.WindowFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The main window: tabs and shortcuts, menus and tooltips, opening models, closing. */
@ExtendWith(ApplicationExtension.class)
class MainViewTest {
    private WindowFixture window;

    @TempDir
    Path folder;

    @Start
    void start(Stage stage) {
        window = new WindowFixture(stage);
    }

    @AfterEach
    void closeWindow() {
        window.close();
    }

    @Test
    void ctrl2ShowsTheTrainTabAndCtrl1TheDrawTab(FxRobot robot) {
        TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
        robot.clickOn("#drawCanvas");
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT2);
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("trainTab");
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT1);
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("drawTab");
    }

    @Test
    void theInsideAndMyDigitsTabsAreBuiltWhenFirstOpenedNotBeforeTheFirstFrame(FxRobot robot) {
        assertThat(robot.lookup("#insideView").tryQuery()).as("Inside before it is opened").isEmpty();
        assertThat(robot.lookup("#myDigitsView").tryQuery()).as("My digits before it is opened").isEmpty();
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT3);
        assertThat(robot.lookup("#insideView").tryQuery()).as("Inside once opened").isPresent();
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT4);
        assertThat(robot.lookup("#myDigitsView").tryQuery()).as("My digits once opened").isPresent();
        Node inside = robot.lookup("#insideView").query();
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT3);
        assertThat(robot.lookup("#insideView").<Node>query()).as("built once, kept").isSameAs(inside);
    }

    @Test
    void trainTabShowsASentenceUntilItsContentIsSet(FxRobot robot) {
        robot.push(KeyCode.SHORTCUT, KeyCode.DIGIT2);
        assertThat(robot.lookup("#trainPlaceholder").queryAs(Label.class).getText()).isNotBlank();
        Label content = new Label("training view");
        content.setId("trainContent");
        robot.interact(() -> window.view.setTrainContent(content));
        assertThat(window.view.trainTab().getContent()).isSameAs(content);
    }

    @Test
    void everyToolbarButtonHasATooltipAndAMenuEntry(FxRobot robot) {
        MenuBar menuBar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        Set<String> menuTexts = menuBar.getMenus().stream().flatMap(menu -> menu.getItems().stream())
                .filter(item -> !(item instanceof SeparatorMenuItem)).map(MenuItem::getText).collect(Collectors.toSet());
        // the tabs' own panels (Train, Inside) have buttons that act on the panel; the window's commands are these
        List<Node> buttons = robot.lookup("#mainView .button").queryAll().stream()
                .filter(node -> !insideTabContent(node)).toList();
        assertThat(buttons).hasSizeGreaterThanOrEqualTo(5);
        for (Node node : buttons) {
            ButtonBase button = (ButtonBase) node;
            assertThat(button.getTooltip()).as("tooltip of %s", button.getText()).isNotNull();
            assertThat(button.getTooltip().getText()).isNotBlank();
            assertThat(menuTexts).as("menu entry for %s", button.getText()).contains(button.getText());
        }
    }

    private static boolean insideTabContent(Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            // the Inside and My digits tabs and the correction bar act on their own panel, like the Train tab
            if ("insideView".equals(n.getId()) || "myDigitsView".equals(n.getId()) || "correctionBar".equals(n.getId())) {
                return true;
            }
        }
        return false;
    }

    @Test
    void menusOfferTheCommandsWithTheirShortcuts(FxRobot robot) {
        MenuBar menuBar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        var items = menuBar.getMenus().stream().flatMap(menu -> menu.getItems().stream())
                .filter(item -> item.getId() != null)
                .collect(Collectors.toMap(MenuItem::getId, item -> item));
        assertThat(items.get("openModelItem").getAccelerator().getName()).isEqualTo("Shortcut+O");
        assertThat(items.get("undoItem").getAccelerator().getName()).isEqualTo("Shortcut+Z");
        assertThat(items.get("clearItem").getAccelerator().getName()).isEqualTo("Delete");
        assertThat(items.get("showDrawItem").getAccelerator().getName()).isEqualTo("Shortcut+1");
        assertThat(items.get("showTrainItem").getAccelerator().getName()).isEqualTo("Shortcut+2");
        assertThat(items).containsKeys("openImageItem", "saveDrawingItem", "quitItem", "aboutItem");
    }

    @Test
    void openingAFileThatIsNotAModelSaysWhyInOneSentenceAndKeepsTheModel(FxRobot robot) throws IOException {
        Path bad = Files.writeString(folder.resolve("notes.dsm"), "these are not weights");
        DigitClassifier before = window.context.getModel();
        robot.interact(() -> window.view.openModel(bad));
        DialogPane dialog = WindowFixture.showingDialog(robot, "#errorDialog");
        assertThat(dialog.getContentText()).isEqualTo("notes.dsm is not a model file (it is not a zip archive).");
        assertThat(fx(window.context::getModel)).isSameAs(before);
        assertThat(robot.lookup("#statusBar").queryAs(StatusBar.class).getText())
                .startsWith("Model: " + before.info().name());
        assertThat(window.preferences.lastModel()).isEmpty();
        robot.clickOn(dialog.lookupButton(javafx.scene.control.ButtonType.OK));
    }

    @Test
    void aModelFileThatOnceCrashedTheJvmIsRefusedAndTheModelAndDrawingStay(FxRobot robot) throws IOException {
        // the shipped model with one array re-declared big-endian: ND4J's native parser died on this (exit 134)
        Path bad = folder.resolve("big-endian.dsm");
        try (var in = new java.util.zip.ZipFile(TestModels.file().toFile());
             var out = new java.util.zip.ZipOutputStream(Files.newOutputStream(bad))) {
            for (var entry : java.util.Collections.list(in.entries())) {
                byte[] bytes = in.getInputStream(entry).readAllBytes();
                if (entry.getName().equals("params/logits_b.npy")) {
                    String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("'<f4'", "'>f4'");
                    bytes = text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
                }
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                out.write(bytes);
                out.closeEntry();
            }
        }
        var draw = window.view.drawView().viewModel();
        robot.interact(() -> {
            draw.beginStroke(100, 40, 0);
            draw.extendStroke(100, 200, 10);
            draw.endStroke();
        });
        var inkBefore = fx(draw::getInk);
        DigitClassifier before = window.context.getModel();

        robot.interact(() -> window.view.openModel(bad));

        DialogPane dialog = WindowFixture.showingDialog(robot, "#errorDialog");
        assertThat(dialog.getContentText()).isEqualTo("big-endian.dsm: params/logits_b.npy holds big-endian numbers "
                + "('>f4'); a Digit Studio model stores little-endian float32 ('<f4').");
        assertThat(fx(window.context::getModel)).isSameAs(before);
        assertThat(fx(draw::getInk)).isSameAs(inkBefore);
        assertThat(fx(() -> draw.getInk().strokes())).hasSize(1);
        robot.clickOn(dialog.lookupButton(javafx.scene.control.ButtonType.OK));
    }

    @Test
    void fileExportAsOnnxWritesTheModelInUseThatOnnxReadersParse(FxRobot robot) throws Exception {
        Path target = folder.resolve("exported");
        robot.interact(() -> window.view.exportOnnx(target));
        waitUntil("the export is written", () -> fx(() -> window.view.exportedProperty().get()) != null);
        Path written = folder.resolve("exported.onnx");
        assertThat(fx(() -> window.view.exportedProperty().get())).isEqualTo(written);
        onnx.Onnx.ModelProto model = onnx.Onnx.ModelProto.parseFrom(Files.readAllBytes(written));
        assertThat(model.getGraph().getInitializerCount()).isEqualTo(8);
        MenuBar menuBar = robot.lookup("#menuBar").queryAs(MenuBar.class);
        MenuItem item = menuBar.getMenus().get(0).getItems().stream()
                .filter(i -> "exportOnnxItem".equals(i.getId())).findFirst().orElseThrow();
        assertThat(item.isDisable()).as("enabled for our own network").isFalse();
    }

    @Test
    void theModelSummaryDialogListsTheLayersAndTheAccuracy(FxRobot robot) {
        robot.interact(() -> window.view.showSummary());
        DialogPane dialog = WindowFixture.showingDialog(robot, "#summaryDialog");
        String text = fx(() -> ((javafx.scene.control.TextArea) dialog.getContent()).getText());
        assertThat(text).contains("conv1", "28×28×32", "3,274,634", "accuracy on the app's 500 MNIST test images");
        robot.clickOn(dialog.lookupButton(javafx.scene.control.ButtonType.OK));
    }

    @Test
    void openingAMissingFileSaysSoAndKeepsTheModel(FxRobot robot) {
        DigitClassifier before = window.context.getModel();
        robot.interact(() -> window.view.openModel(folder.resolve("gone.dsm")));
        assertThat(WindowFixture.showingDialog(robot, "#errorDialog").getContentText())
                .isEqualTo("There is no file named gone.dsm.");
        assertThat(fx(window.context::getModel)).isSameAs(before);
    }

    @Test
    void openingAGoodModelFilePutsItInUseShowsItsNameAndRemembersIt(FxRobot robot) throws IOException {
        Path good = Files.copy(TestModels.file(), folder.resolve("my-model.dsm"));
        DigitClassifier before = window.context.getModel();
        robot.interact(() -> window.view.openModel(good));
        waitUntil("the new model is in use", () -> fx(window.context::getModel) != before);
        assertThat(fx(() -> window.context.getModel().info().name())).isEqualTo("my-model");
        waitUntil("the status bar names it", () -> fx(() ->
                robot.lookup("#statusBar").queryAs(StatusBar.class).getText()).startsWith("Model: my-model · "));
        assertThat(window.preferences.lastModel()).contains(good.toAbsolutePath());
        assertThat(robot.lookup("#errorDialog").tryQuery()).isEmpty();
    }

    @Test
    void aKerasModelOpensWithTheScalingFoundForItAndFileInputPixelScalingReopensItAsAsked(FxRobot robot) throws Exception {
        Path keras = Files.copy(Path.of(MainViewTest.class.getResource("/keras/mlp-functional-bytes.h5").toURI()),
                folder.resolve("bytes.h5"));
        javafx.scene.control.Menu scaling = robot.lookup("#menuBar").queryAs(MenuBar.class).getMenus().get(0).getItems()
                .stream().filter(item -> "inputScaleMenu".equals(item.getId()))
                .map(javafx.scene.control.Menu.class::cast).findFirst().orElseThrow();
        assertThat(fx(scaling::isDisable)).as("the shipped model says how it reads pixels").isTrue();
        DigitClassifier before = window.context.getModel();
        robot.interact(() -> window.view.openModel(keras));
        waitUntil("the Keras model is in use", () -> fx(window.context::getModel) != before);
        javafx.scene.control.RadioMenuItem automatic = radio(scaling, "inputScaleAutomatic");
        assertThat(fx(scaling::isDisable)).isFalse();
        assertThat(fx(automatic::getText)).isEqualTo("Found by scoring (0..255)");
        assertThat(fx(automatic::isSelected)).isTrue();

        DigitClassifier found = window.context.getModel();
        robot.interact(() -> radio(scaling, "inputScale-UNIT").fire());
        waitUntil("the file is read again as asked", () -> fx(window.context::getModel) != found);
        assertThat(fx(() -> window.context.getModel().info().normalisation()))
                .isEqualTo("expects pixels 0..1, 784 values [N,784] (as asked)");
        assertThat(fx(() -> radio(scaling, "inputScale-UNIT").isSelected())).isTrue();
        assertThat(fx(automatic::getText)).isEqualTo("Found by scoring");
        assertThat(window.preferences.lastModel()).contains(keras.toAbsolutePath());
        assertThat(window.preferences.lastModelScale()).contains(com.digitstudio.model.PixelScale.UNIT);

        // the next start opens it as asked, not as scoring would
        DigitClassifier asked = window.context.getModel();
        robot.interact(() -> window.view.openStartupModel());
        waitUntil("the startup model is in use", () -> fx(window.context::getModel) != asked);
        assertThat(fx(() -> window.context.getModel().info().normalisation()))
                .isEqualTo("expects pixels 0..1, 784 values [N,784] (as asked)");
        assertThat(fx(() -> radio(scaling, "inputScale-UNIT").isSelected())).isTrue();

        // a model put in use another way (as the Train tab does) has no file to re-open: the menu goes off
        robot.interact(() -> window.context.setModel(WindowFixture.sharedModel()));
        assertThat(fx(scaling::isDisable)).isTrue();
    }

    private static javafx.scene.control.RadioMenuItem radio(javafx.scene.control.Menu menu, String id) {
        return menu.getItems().stream().filter(item -> id.equals(item.getId()))
                .map(javafx.scene.control.RadioMenuItem.class::cast).findFirst().orElseThrow();
    }

    @Test
    void cancelInTheStatusBarStopsALoadAndKeepsTheModelInUse(FxRobot robot) {
        DigitClassifier before = window.context.getModel();
        java.util.concurrent.CountDownLatch never = new java.util.concurrent.CountDownLatch(1);
        Button cancel = robot.lookup("#cancelLoadButton").queryAs(Button.class);
        assertThat(fx(cancel::isVisible)).isFalse();
        robot.interact(() -> window.view.loadModel(LoadModelTask.of("slow.onnx", () -> {
            never.await();
            throw new IllegalStateException("never reached");
        })));
        waitUntil("Cancel shows while it loads", () -> fx(cancel::isVisible));
        robot.clickOn(cancel);
        waitUntil("Cancel goes once the load is stopped", () -> !fx(cancel::isVisible));
        assertThat(fx(window.context::getModel)).isSameAs(before);
        assertThat(robot.lookup("#statusBar").queryAs(StatusBar.class).getText())
                .startsWith("Model: " + before.info().name());
        assertThat(robot.lookup("#errorDialog").tryQuery()).isEmpty();
    }

    @Test
    void closingWhileTrainingAsksFirstAndCancelKeepsTheWindow(FxRobot robot) {
        assertThat(fx(window.view::confirmClose)).as("nothing to lose: no question").isTrue();
        robot.interact(() -> window.view.trainingActiveProperty().set(true));

        AtomicReference<Boolean> answer = new AtomicReference<>();
        Platform.runLater(() -> answer.set(window.view.confirmClose()));
        DialogPane dialog = WindowFixture.showingDialog(robot, "#confirmDialog");
        assertThat(dialog.getContentText()).contains("training run is in progress");
        robot.clickOn((Button) dialog.lookupButton(javafx.scene.control.ButtonType.CANCEL));
        waitUntil("the answer comes", () -> answer.get() != null);
        assertThat(answer.get()).isFalse();

        answer.set(null);
        Platform.runLater(() -> answer.set(window.view.confirmClose()));
        DialogPane again = WindowFixture.showingDialog(robot, "#confirmDialog");
        Button quit = (Button) again.getButtonTypes().stream()
                .filter(type -> type.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.OK_DONE)
                .map(again::lookupButton).findFirst().orElseThrow();
        assertThat(quit.getText()).isEqualTo("Quit");
        robot.clickOn(quit);
        waitUntil("the answer comes", () -> answer.get() != null);
        assertThat(answer.get()).isTrue();
    }

    @Test
    void whileAModelLoadsTheWindowSaysSoAndTheOldModelKeepsWorking(FxRobot robot) {
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        DigitClassifier before = window.context.getModel();
        robot.interact(() -> window.view.loadModel(LoadModelTask.of("slow.dsm", () -> {
            release.await();
            return TestModels.model();
        })));
        StatusBar status = robot.lookup("#statusBar").queryAs(StatusBar.class);
        assertThat(status.getText()).isEqualTo("Loading slow.dsm…");
        assertThat(status.getProgress()).isEqualTo(-1.0);
        assertThat(fx(window.context::getModel)).isSameAs(before);
        release.countDown();
        waitUntil("the new model is in use", () -> fx(window.context::getModel) != before);
        assertThat(fx(status::getProgress)).isEqualTo(0.0);
        assertThat(fx(status::getText)).startsWith("Model: test-model · ");
    }

    @Test
    void aNewModelIsWarmedUpOnTheInferenceThreadBeforeTheFirstDrawing(FxRobot robot) {
        DigitClassifier real = TestModels.model();
        java.util.List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
        DigitClassifier recording = new DigitClassifier() {
            @Override
            public float[][] predict(float[] pixels, int n) {
                threads.add(Thread.currentThread().getName());
                return real.predict(pixels, n);
            }

            @Override
            public com.digitstudio.model.ModelInfo info() {
                return real.info();
            }
        };
        robot.interact(() -> window.view.loadModel(LoadModelTask.of("recording.dsm", () -> recording)));

        waitUntil("a prediction was made", () -> !threads.isEmpty());
        assertThat(threads).containsExactly("digit-studio-inference");
        assertThat(fx(window.context::getModel)).isSameAs(recording);
    }

    @Test
    void imagesAndModelsAreToldApartByTheirNames() {
        assertThat(MainView.isImage(Path.of("digit.PNG"))).isTrue();
        assertThat(MainView.isImage(Path.of("photo.jpeg"))).isTrue();
        assertThat(MainView.isImage(Path.of("model.dsm"))).isFalse();
        assertThat(MainView.isImage(Path.of("dl4j.zip"))).isFalse();
    }

    private static <T> T fx(Callable<T> callable) {
        return WaitForAsyncUtils.waitForAsyncFx(10_000, callable);
    }
}
