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
    static final double DEFAULT_WIDTH = 1180;
    static final double DEFAULT_HEIGHT = 760;
    static final double MIN_WIDTH = 820;
    static final double MIN_HEIGHT = 560;

    private AppContext context;
    private AppPreferences preferences;
    private MainView view;

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
        view.openStartupModel(); // first on the I/O thread, before the Train tab's data and checkpoint checks
        TrainView train = new TrainView(context);
        view.setTrainContent(train);
        view.trainingActiveProperty().bind(train.trainingActiveProperty());
        stage.setOnCloseRequest(event -> {
            if (!view.confirmClose()) {
                event.consume();
            } else if (train.trainingActiveProperty().get()) {
                // let the run end between two steps and write its checkpoint, then close
                event.consume();
                train.stopTraining().whenComplete((done, error) -> javafx.application.Platform.runLater(stage::close));
            }
        });
        stage.setOnHidden(event -> saveWindow(stage));
        stage.show();
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
        if (context != null) {
            context.close();
        }
    }
}
