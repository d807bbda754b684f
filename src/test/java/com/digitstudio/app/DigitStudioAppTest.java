package com.digitstudio.app;

import com.digitstudio.model.ShippedModel;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.stage.Stage;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.prefs.Preferences;

import static com.digitstudio.app.WindowFixture.waitUntil;
import static org.assertj.core.api.Assertions.assertThat;

/** The application as launched: its window, its first model, and what closing does. */
class DigitStudioAppTest {
    private final String node = "digit-studio-tests/" + UUID.randomUUID();
    private final FxRobot robot = new FxRobot();
    private Stage stage;
    private DigitStudioApp app;

    @BeforeEach
    void setUp() throws Exception {
        System.setProperty("digitstudio.preferences", node);
        stage = FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) {
            FxToolkit.cleanupApplication(app);
        }
        FxToolkit.setupStage(s -> {
            s.setOnCloseRequest(null);
            s.setOnHidden(null);
        });
        System.clearProperty("digitstudio.preferences");
        Preferences.userRoot().node(node).removeNode();
    }

    private MainView launch() throws Exception {
        app = (DigitStudioApp) FxToolkit.setupApplication(DigitStudioApp.class);
        WaitForAsyncUtils.waitForFxEvents();
        return app.view();
    }

    @Test
    void windowIsTitledDigitStudioWithDrawAndTrainTabs() throws Exception {
        launch();
        assertThat(stage.getTitle()).isEqualTo("Digit Studio");
        TabPane tabs = robot.lookup("#tabs").queryAs(TabPane.class);
        assertThat(tabs.getTabs()).extracting(tab -> tab.getId()).containsExactly("drawTab", "trainTab", "insideTab", "myDigitsTab");
        assertThat(tabs.getSelectionModel().getSelectedItem().getId()).isEqualTo("drawTab");
    }

    @Test
    void opensWithTheShippedModelOrSaysInOneSentenceWhyNot() throws Exception {
        MainView view = launch();
        waitUntil("the first model has loaded or failed", () -> !fx(() -> view.models().loadingProperty().get()));
        if (ShippedModel.class.getResource(ShippedModel.RESOURCE) != null) {
            assertThat(fx(view.context()::getModel)).isNotNull();
            assertThat(robot.lookup("#statusBar").queryAs(StatusBar.class).getText()).startsWith("Model: ");
        } else {
            assertThat(fx(view.context()::getModel)).isNull();
            assertThat(robot.lookup("#predictionPlaceholder").queryAs(Label.class).getText())
                    .startsWith("The shipped model /models/digit-studio.dsm is missing from this build.")
                    .endsWith("Open a model with File › Open model… (Ctrl+O).");
        }
    }

    @Test
    void saysTheModelIsLoadingWhileItLoadsThenBuildsTheTrainTab() throws Exception {
        new AppPreferences(Preferences.userRoot().node(node)).setLastModel(TestModels.file());
        app = (DigitStudioApp) FxToolkit.setupApplication(DigitStudioApp.class);
        MainView view = app.view();
        String first = fx(() -> view.models().statusProperty().get());
        assertThat(first).startsWith("Loading ");
        assertThat(fx(() -> view.models().loadingProperty().get())).isTrue();

        waitUntil("the model is in use", () -> fx(view.context()::getModel) != null);
        waitUntil("the Train tab is built", () -> fx(() -> view.trainTab().getContent() instanceof com.digitstudio.app.train.TrainView));
    }

    @Test
    void opensTheModelUsedLastTime() throws Exception {
        new AppPreferences(Preferences.userRoot().node(node)).setLastModel(TestModels.file());
        MainView view = launch();
        waitUntil("the last model is in use", () -> fx(view.context()::getModel) != null);
        assertThat(fx(() -> view.context().getModel().info().name())).isEqualTo("test-model");
        assertThat(robot.lookup("#statusBar").queryAs(StatusBar.class).getText()).startsWith("Model: test-model · ");
    }

    @Test
    void closingTheAppStopsItsExecutors() throws Exception {
        MainView view = launch();
        FxToolkit.cleanupApplication(app);
        app = null;
        assertThat(view.context().inferenceExecutor().isShutdown()).isTrue();
        assertThat(view.context().ioExecutor().isShutdown()).isTrue();
        assertThat(view.context().trainingExecutor().isShutdown()).isTrue();
    }

    private static <T> T fx(Callable<T> callable) {
        return WaitForAsyncUtils.waitForAsyncFx(10_000, callable);
    }
}
