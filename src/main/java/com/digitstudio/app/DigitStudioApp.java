package com.digitstudio.app;

import com.digitstudio.app.train.TrainView;
import javafx.application.Application;
import javafx.geometry.Rectangle2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;

/**
 * The desktop app: one window with the Draw and Train tabs. It opens with the model used last time (or the
 * shipped one), loading on the I/O thread while the window is already usable, and remembers its size and place.
 */
public final class DigitStudioApp extends Application {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DigitStudioApp.class);
    static final double DEFAULT_WIDTH = 1180;
    static final double DEFAULT_HEIGHT = 760;
    static final double MIN_WIDTH = 820;
    static final double MIN_HEIGHT = 560;

    private AppContext context;
    private AppPreferences preferences;
    private MainView view;
    private TrainView train;
    private boolean stopped;
    private javafx.beans.binding.BooleanBinding trainTabClosed;

    /** Starts the app and returns when its window is closed. */
    public static void launchApp(String[] args) {
        Application.launch(DigitStudioApp.class, args);
    }

    @Override
    public void init() {
        context = new AppContext();
        preferences = AppPreferences.user();
    }

    @Override
    public void start(Stage stage) {
        view = new MainView(context, preferences);
        Scene scene = new Scene(view, DEFAULT_WIDTH, DEFAULT_HEIGHT);
        stage.setTitle(MainView.TITLE);
        stage.setScene(scene);
        stage.setMinWidth(MIN_WIDTH);
        stage.setMinHeight(MIN_HEIGHT);
        restoreWindow(stage);
        stage.setOnCloseRequest(event -> {
            if (!view.confirmClose()) {
                event.consume();
            } else if (train != null && train.trainingActiveProperty().get()) {
                // let the run end between two steps and write its checkpoint, then close
                event.consume();
                train.stopTraining().whenComplete((done, error) -> javafx.application.Platform.runLater(stage::close));
            }
        });
        view.announceStartupModel();
        afterFirstFrame(this::startBehindTheWindow);
        stage.setOnHidden(event -> saveWindow(stage));
        stage.show();
    }

    /**
     * What the window does not need to appear: the model (ND4J's native libraries and the weights, on the I/O
     * thread), then the Train tab, built once the model is in (building it beside the load slowed the first
     * prediction by ~0.6 s) or as soon as the user opens it. The pad takes strokes meanwhile; the status bar says
     * the model is loading.
     */
    private void startBehindTheWindow() {
        if (LOG.isDebugEnabled()) { // java.management is loaded for this alone
            LOG.debug("First frame {} ms after the JVM started",
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime());
        }
        view.openStartupModel(); // first on the I/O thread, before the Train tab's data and checkpoint checks
        context.startEngine();
        whenFalse(view.models().loadingProperty(), this::buildTrainTab);
        trainTabClosed = view.trainTab().selectedProperty().not(); // held here: a listener alone keeps no binding alive
        whenFalse(trainTabClosed, this::buildTrainTab);
    }

    private void buildTrainTab() {
        if (train != null || stopped) {
            return;
        }
        train = new TrainView(context);
        view.setTrainContent(train);
        view.trainingActiveProperty().bind(train.trainingActiveProperty());
    }

    /** Runs {@code action} once, as soon as {@code value} is false (at once if it is already). */
    private static void whenFalse(javafx.beans.value.ObservableBooleanValue value, Runnable action) {
        if (!value.get()) {
            action.run();
            return;
        }
        value.addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> obs, Boolean old, Boolean now) {
                if (!now) {
                    value.removeListener(this);
                    action.run();
                }
            }
        });
    }

    /**
     * Runs {@code action} on the FX thread after the window's first pulse (CSS, layout and the frame handed to the
     * renderer). Measured under Xvfb: the first frame drawn ~2.2 s after launch, the first prediction 3.0-3.65 s;
     * with the model loaded before the window was shown (as before), the first frame came at 4.65-5.16 s.
     */
    private static void afterFirstFrame(Runnable action) {
        new javafx.animation.AnimationTimer() {
            @Override
            public void handle(long now) {
                stop();
                javafx.application.Platform.runLater(action);
            }
        }.start();
    }

    /** The main view, once started (for the Train tab and tests). */
    public MainView view() {
        return view;
    }

    private void restoreWindow(Stage stage) {
        preferences.window().ifPresent(window -> {
            stage.setWidth(Math.max(MIN_WIDTH, window.width()));
            stage.setHeight(Math.max(MIN_HEIGHT, window.height()));
            boolean onScreen = !Double.isNaN(window.x()) && !Double.isNaN(window.y())
                    && !Screen.getScreensForRectangle(new Rectangle2D(window.x(), window.y(), 100, 40)).isEmpty();
            if (onScreen) {
                stage.setX(window.x());
                stage.setY(window.y());
            }
            stage.setMaximized(window.maximized());
        });
    }

    private void saveWindow(Stage stage) {
        if (stage.isMaximized()) {
            preferences.window().ifPresentOrElse(
                    saved -> preferences.saveWindow(new AppPreferences.Window(saved.x(), saved.y(), saved.width(), saved.height(), true)),
                    () -> preferences.saveWindow(new AppPreferences.Window(Double.NaN, Double.NaN, DEFAULT_WIDTH, DEFAULT_HEIGHT, true)));
        } else {
            preferences.saveWindow(new AppPreferences.Window(stage.getX(), stage.getY(), stage.getWidth(), stage.getHeight(), false));
        }
    }

    @Override
    public void stop() {
        stopped = true;
        if (context != null) {
            context.close();
        }
    }
}
