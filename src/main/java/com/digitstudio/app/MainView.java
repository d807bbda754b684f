package com.digitstudio.app;

import com.digitstudio.support.UserMessages;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.PixelScale;
import com.digitstudio.app.draw.DrawView;
import com.digitstudio.app.draw.DrawViewModel;
import com.digitstudio.app.draw.LoadImageTask;
import com.digitstudio.app.draw.SaveDrawingTask;
import com.digitstudio.model.ModelFiles;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Separator;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuBar;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.input.DragEvent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;
import javafx.stage.FileChooser;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.controlsfx.control.StatusBar;
import org.controlsfx.control.action.Action;
import org.controlsfx.control.action.ActionUtils;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The main window's content: menus, the Draw and Train tabs, a status bar with the model in use and the last
 * inference time. Every command is an {@link Action}, shared by its menu item and its button (same text, tooltip,
 * shortcut and enabled state). Model files and images can be dropped anywhere on the window.
 */
public final class MainView extends BorderPane {
    static final String TITLE = "Digit Studio";
    private static final Set<String> IMAGE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "bmp");

    private final AppContext context;
    private final AppPreferences preferences;
    private final ModelManager models;
    private final DrawViewModel drawViewModel;
    private final DrawView drawView;
    private final TabPane tabs = new TabPane();
    private final Tab drawTab = new Tab("Draw");
    private final Tab trainTab = new Tab("Train");
    private final Tab insideTab = new Tab("Inside");
    private final Tab myDigitsTab = new Tab("My digits");
    private final com.digitstudio.app.mydigits.MyDigitsModel myDigits;
    private final com.digitstudio.app.mydigits.CorrectionBar correctionBar;
    private final BooleanProperty trainingActive = new SimpleBooleanProperty(this, "trainingActive");
    private final StatusBar statusBar = new StatusBar();
    private final Label inferenceTime = new Label();
    private final Label dropHint = new Label("Drop a model file (.dsm, .onnx, Keras .h5, .zip) or an image of a digit (PNG, JPEG)");

    private final Action openModel;
    private final Action useShippedModel;
    private final Action cancelOpening;
    private final Action openImage;
    private final Action saveDrawing;
    private final Action exportOnnx;
    private final Action saveModelAs;
    private final Action summary;
    private final Action quit;
    private final Action showDraw;
    private final Action showTrain;
    private final Action showInside;
    private final Action showMyDigits;
    private final Action about;
    private Path lastFolder;
    /** The file the model in use came from (null: the shipped model or a test's) and the scaling asked for it. */
    private Path modelFile;
    private PixelScale askedScale;
    private final InputScaleMenu inputScaleMenu = new InputScaleMenu(this::reopenWithScale);
    private com.digitstudio.model.DigitClassifier fileModel;

    public MainView(AppContext context, AppPreferences preferences) {
        this.context = Objects.requireNonNull(context);
        this.preferences = Objects.requireNonNull(preferences);
        getStyleClass().add("main-view");
        setId("mainView");
        getStylesheets().add(Objects.requireNonNull(MainView.class.getResource("app.css")).toExternalForm());
        models = new ModelManager(context);
        context.modelProperty().addListener((obs, old, now) -> modelChanged(now));
        drawViewModel = new DrawViewModel(context.modelProperty(), context.inferenceExecutor());
        drawView = new DrawView(drawViewModel);
        myDigits = new com.digitstudio.app.mydigits.MyDigitsModel(context.myDigitsFile(), context.ioExecutor());
        myDigits.load();
        // another window of the app may have changed My digits meanwhile: read them again when this one is focused
        sceneProperty().flatMap(javafx.scene.Scene::windowProperty).flatMap(javafx.stage.Window::focusedProperty)
                .addListener((obs, was, focused) -> {
                    if (Boolean.TRUE.equals(focused)) {
                        myDigits.refresh();
                    }
                });
        correctionBar = new com.digitstudio.app.mydigits.CorrectionBar(drawViewModel, myDigits);
        drawView.addToPredictionPanel(correctionBar);

        openModel = action("Open model…", "Use a model file instead of the current model (Ctrl+O)", "Shortcut+O",
                "openModelButton", () -> chooseModel());
        cancelOpening = action("Cancel opening", "Stop opening this model and keep the one in use", null, null,
                models::cancelLoad);
        cancelOpening.disabledProperty().bind(models.loadingProperty().and(context.modelProperty().isNotNull()).not());
        useShippedModel = action("Use the shipped model", "Go back to the model that comes with Digit Studio", null,
                null, this::loadShippedModel);
        openImage = action("Open image…", "Read a digit from a PNG or JPEG image (Ctrl+I)", "Shortcut+I",
                "openImageButton", this::chooseImage);
        saveDrawing = action("Save drawing…", "Save the drawing as a PNG image (Ctrl+S)", "Shortcut+S",
                "saveDrawingButton", this::chooseSaveTarget);
        saveDrawing.disabledProperty().bind(drawViewModel.inkProperty().map(ink -> ink.isEmpty()).orElse(true));
        saveModelAs = action("Save model as…", "Save the model in use (a taught one, say) as a Digit Studio model file",
                null, null, this::chooseSaveModelTarget);
        saveModelAs.disabledProperty().bind(context.modelProperty().map(m -> !(m instanceof CnnNetwork)).orElse(true));
        exportOnnx = action("Export as ONNX…", "Write the model in use as an ONNX file that ONNX Runtime, Netron and "
                + "browsers read (input [N,1,28,28], pixels 0..1)", null, null, this::chooseExportTarget);
        exportOnnx.disabledProperty().bind(context.modelProperty().map(m -> !(m instanceof CnnNetwork)).orElse(true));
        summary = action("Model summary…", "The model's layers, output shapes, parameters, input convention and accuracy",
                null, null, this::showSummary);
        summary.disabledProperty().bind(context.modelProperty().isNull());
        quit = action("Quit", "Close Digit Studio (Ctrl+Q)", "Shortcut+Q", null, this::quit);
        showDraw = action("Draw", "Show the Draw tab (Ctrl+1)", "Shortcut+1", null,
                () -> tabs.getSelectionModel().select(drawTab));
        showTrain = action("Train", "Show the Train tab (Ctrl+2)", "Shortcut+2", null,
                () -> tabs.getSelectionModel().select(trainTab));
        showInside = action("Inside", "Show the Inside tab: every layer reading your digit (Ctrl+3)", "Shortcut+3", null,
                () -> tabs.getSelectionModel().select(insideTab));
        showMyDigits = action("My digits", "Show the My digits tab: teach the network your handwriting (Ctrl+4)",
                "Shortcut+4", null, () -> tabs.getSelectionModel().select(myDigitsTab));
        about = action("About Digit Studio", "What this app is and where its data comes from", null, null, this::showAbout);

        drawView.addFileActions(openImage, saveDrawing);
        drawView.activeProperty().bind(drawTab.selectedProperty());
        drawView.noModelMessageProperty().bind(Bindings.createStringBinding(() -> {
            if (models.loadingProperty().get()) {
                return "Loading the model…";
            }
            String failure = models.lastFailure();
            return (failure == null ? "No model is loaded." : failure)
                    + " Open a model with File › Open model… (Ctrl+O).";
        }, models.loadingProperty(), models.statusProperty()));

        drawTab.setId("drawTab");
        drawTab.setContent(drawView);
        drawTab.setTooltip(new javafx.scene.control.Tooltip("Draw a digit and watch the network read it (Ctrl+1)"));
        trainTab.setId("trainTab");
        Label trainPlaceholder = new Label("Training the network on MNIST will appear here.");
        trainPlaceholder.getStyleClass().add("placeholder");
        trainPlaceholder.setId("trainPlaceholder");
        trainTab.setContent(new StackPane(trainPlaceholder));
        trainTab.setTooltip(new javafx.scene.control.Tooltip("Train the network and watch it learn (Ctrl+2)"));
        insideTab.setId("insideTab");
        insideTab.setTooltip(new javafx.scene.control.Tooltip("Every layer of the network reading your digit (Ctrl+3)"));
        buildOnFirstSelection(insideTab, () -> new com.digitstudio.app.inside.InsideView(
                new com.digitstudio.app.inside.InsideViewModel(context.modelProperty(), drawViewModel.predictionProperty(),
                        context.inferenceExecutor(), context.ioExecutor(), insideTab.selectedProperty()),
                insideTab.selectedProperty()));
        myDigitsTab.setId("myDigitsTab");
        myDigitsTab.setTooltip(new javafx.scene.control.Tooltip("Your own drawings: teach the network your handwriting (Ctrl+4)"));
        buildOnFirstSelection(myDigitsTab, () -> new com.digitstudio.app.mydigits.MyDigitsView(myDigits,
                context.modelProperty(), context.inferenceExecutor(), context.trainingExecutor(),
                () -> com.digitstudio.app.train.TrainOptions.defaults().dataFolder(),
                taught -> loadModel(LoadModelTask.of(taught.info().name(), () -> taught)),
                () -> tabs.getSelectionModel().select(trainTab)));
        tabs.setId("tabs");
        tabs.getTabs().addAll(drawTab, trainTab, insideTab, myDigitsTab);
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        statusBar.setId("statusBar");
        statusBar.textProperty().bind(models.statusProperty());
        statusBar.progressProperty().bind(models.progressProperty());
        inferenceTime.setId("inferenceTime");
        inferenceTime.getStyleClass().add("inference-time");
        inferenceTime.textProperty().bind(Bindings.createStringBinding(() -> {
            double millis = drawViewModel.inferenceMillisProperty().get();
            return Double.isNaN(millis) ? "" : String.format(Locale.ROOT, "Inference %.1f ms", millis);
        }, drawViewModel.inferenceMillisProperty()));
        Button openModelButton = ActionUtils.createButton(openModel);
        openModelButton.setId("openModelButton");
        openModelButton.getStyleClass().add("status-button");
        openModelButton.setFocusTraversable(false);
        Separator separator = new Separator(Orientation.VERTICAL);
        separator.visibleProperty().bind(inferenceTime.textProperty().isNotEmpty());
        separator.managedProperty().bind(separator.visibleProperty());
        Button cancelLoad = ActionUtils.createButton(cancelOpening);
        cancelLoad.setId("cancelLoadButton");
        cancelLoad.getStyleClass().add("status-button");
        cancelLoad.setFocusTraversable(false);
        cancelLoad.visibleProperty().bind(cancelOpening.disabledProperty().not());
        cancelLoad.managedProperty().bind(cancelLoad.visibleProperty());
        statusBar.getRightItems().addAll(cancelLoad, openModelButton, separator, inferenceTime);

        dropHint.getStyleClass().add("drop-hint");
        dropHint.setId("dropHint");
        dropHint.setVisible(false);
        dropHint.setMouseTransparent(true);
        StackPane.setAlignment(dropHint, Pos.CENTER);
        StackPane center = new StackPane(tabs, dropHint);

        setTop(menuBar());
        setCenter(center);
        setBottom(statusBar);
        setUpDragAndDrop();
        sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) {
                installKeys(scene);
            }
        });
    }

    private static Action action(String text, String longText, String accelerator, String buttonId, Runnable run) {
        Action action = new Action(text, event -> run.run());
        action.setLongText(longText);
        if (accelerator != null) {
            action.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        if (buttonId != null) {
            action.getProperties().put("buttonId", buttonId);
        }
        return action;
    }

    private MenuBar menuBar() {
        Menu file = new Menu("_File");
        file.setId("fileMenu");
        file.getItems().addAll(item(openModel, "openModelItem"), item(cancelOpening, "cancelOpeningItem"),
                item(useShippedModel, "useShippedModelItem"),
                new SeparatorMenuItem(), item(openImage, "openImageItem"), item(saveDrawing, "saveDrawingItem"),
                new SeparatorMenuItem(), item(summary, "summaryItem"), inputScaleMenu, item(saveModelAs, "saveModelAsItem"),
                item(exportOnnx, "exportOnnxItem"),
                new SeparatorMenuItem(), item(quit, "quitItem"));
        Menu edit = new Menu("_Edit");
        edit.setId("editMenu");
        edit.getItems().addAll(item(drawView.undoAction(), "undoItem"), item(drawView.clearAction(), "clearItem"));
        Menu view = new Menu("_View");
        view.setId("viewMenu");
        view.getItems().addAll(item(showDraw, "showDrawItem"), item(showTrain, "showTrainItem"), item(showInside, "showInsideItem"),
                item(showMyDigits, "showMyDigitsItem"));
        Menu help = new Menu("_Help");
        help.setId("helpMenu");
        help.getItems().add(item(about, "aboutItem"));
        MenuBar bar = new MenuBar(file, edit, view, help);
        bar.setId("menuBar");
        return bar;
    }

    private static MenuItem item(Action action, String id) {
        MenuItem item = ActionUtils.createMenuItem(action);
        item.setId(id);
        return item;
    }

    /** Esc also clears (the menu shows Delete). */
    private void installKeys(Scene scene) {
        // a digit typed while the Draw tab shows a drawing puts it into My digits as that digit
        scene.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, event -> {
            if (!drawTab.isSelected() || event.isShortcutDown() || event.isAltDown()
                    || scene.getFocusOwner() instanceof javafx.scene.control.TextInputControl) {
                return;
            }
            String text = event.getText();
            if (text != null && text.length() == 1 && Character.isDigit(text.charAt(0))) {
                correctionBar.add(drawViewModel, myDigits, text.charAt(0) - '0');
                event.consume();
            }
        });
        scene.getAccelerators().put(new KeyCodeCombination(KeyCode.ESCAPE), () -> {
            if (!drawView.clearAction().isDisabled()) {
                drawViewModel.clear();
            }
        });
    }

    private void setUpDragAndDrop() {
        addEventHandler(DragEvent.DRAG_OVER, event -> {
            if (droppedFile(event) != null) {
                event.acceptTransferModes(TransferMode.COPY, TransferMode.LINK);
                dropHint.setVisible(true);
                event.consume();
            }
        });
        addEventHandler(DragEvent.DRAG_EXITED, event -> dropHint.setVisible(false));
        addEventHandler(DragEvent.DRAG_DROPPED, event -> {
            dropHint.setVisible(false);
            File file = droppedFile(event);
            if (file != null) {
                openFile(file.toPath());
                event.setDropCompleted(true);
                event.consume();
            }
        });
    }

    private static File droppedFile(DragEvent event) {
        List<File> files = event.getDragboard().hasFiles() ? event.getDragboard().getFiles() : List.of();
        return files.size() == 1 ? files.get(0) : null;
    }

    /** Opens {@code file} as an image if its name says so, else as a model. */
    public void openFile(Path file) {
        if (isImage(file)) {
            openImage(file);
        } else {
            openModel(file);
        }
    }

    static boolean isImage(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(name.substring(dot + 1));
    }

    // ---- models --------------------------------------------------------------------------------------------

    /** Shows that the startup model is coming, before {@link #openStartupModel()} starts loading it. */
    public void announceStartupModel() {
        models.announceLoad();
    }

    /** At start: the model opened last time if it is still there, else the shipped model. */
    public void openStartupModel() {
        Path last = preferences.lastModel().orElse(null);
        if (last == null) {
            loadShippedModel();
            return;
        }
        PixelScale scale = preferences.lastModelScale().orElse(null);
        models.load(LoadModelTask.file(last, scale), task -> inUse(last, scale), sentence -> {
            preferences.setLastModel(null);
            loadShippedModel();
        });
    }

    private void loadShippedModel() {
        models.load(LoadModelTask.shipped(), task -> {
            preferences.setLastModel(null);
            inUse(null, null);
        }, sentence -> {
            if (context.getModel() != null) {
                showError("Could not open the shipped model", sentence);
            }
        });
    }

    /** Loads {@code file} in place of the current model; on failure says why and keeps the current one. */
    public void openModel(Path file) {
        lastFolder = file.toAbsolutePath().getParent();
        models.load(LoadModelTask.file(file), task -> {
            preferences.setLastModel(file);
            inUse(file, null);
        }, sentence -> showError("Could not open the model", sentence));
    }

    /** File › Input pixel scaling: the same file again, read with {@code scale} (null: found by scoring). */
    private void reopenWithScale(PixelScale scale) {
        Path file = modelFile;
        if (file == null) {
            return;
        }
        models.load(LoadModelTask.file(file, scale), task -> {
            preferences.setLastModel(file, scale);
            inUse(file, scale);
        }, sentence -> {
            inputScaleMenu.show(context.getModel(), askedScale);
            showError("Could not open the model", sentence);
        });
    }

    private void inUse(Path file, PixelScale scale) {
        modelFile = file;
        askedScale = scale;
        fileModel = context.getModel();
        inputScaleMenu.show(context.getModel(), scale);
    }

    /** A model put in use some other way (the Train tab's, a taught one) has no file to re-open with a scaling. */
    private void modelChanged(com.digitstudio.model.DigitClassifier now) {
        if (now != fileModel) {
            modelFile = null;
            askedScale = null;
            fileModel = null;
        }
        inputScaleMenu.show(now, askedScale);
    }

    /** Loads a model with {@code task} (tests use it to supply a model). */
    public void loadModel(LoadModelTask task) {
        models.load(task, done -> inUse(task.file(), null), sentence -> showError("Could not open the model", sentence));
    }

    private void chooseModel() {
        FileChooser chooser = chooser("Open a model");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Models (*" + ModelFiles.EXTENSION + ", *.onnx, *.h5, *.zip)",
                        com.digitstudio.foreign.Models.EXTENSIONS.stream().map(e -> "*" + e).toList()),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(window());
        if (file != null) {
            openModel(file.toPath());
        }
    }

    // ---- images --------------------------------------------------------------------------------------------

    private LoadImageTask imageLoad;

    /**
     * Reads the digit in the image {@code file}; on failure says why and keeps the pad as it was. A newer image
     * supersedes one still being read.
     */
    public void openImage(Path file) {
        lastFolder = file.toAbsolutePath().getParent();
        if (imageLoad != null) {
            imageLoad.cancel();
        }
        LoadImageTask task = new LoadImageTask(file);
        imageLoad = task;
        task.setOnSucceeded(event -> {
            tabs.getSelectionModel().select(drawTab);
            drawViewModel.showImage(task.getValue());
        });
        task.setOnFailed(event -> showError("Could not read the image",
                LoadImageTask.describe(file, task.getException())));
        submit(task);
    }

    private void chooseImage() {
        FileChooser chooser = chooser("Open an image of a digit");
        chooser.getExtensionFilters().addAll(
                new FileChooser.ExtensionFilter("Images (*.png, *.jpg, *.jpeg)", "*.png", "*.jpg", "*.jpeg"),
                new FileChooser.ExtensionFilter("All files", "*"));
        File file = chooser.showOpenDialog(window());
        if (file != null) {
            openImage(file.toPath());
        }
    }

    private void chooseSaveTarget() {
        FileChooser chooser = chooser("Save the drawing");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG image (*.png)", "*.png"));
        chooser.setInitialFileName("digit.png");
        File file = chooser.showSaveDialog(window());
        if (file != null) {
            saveDrawing(file.toPath());
        }
    }

    /** Saves the drawing as a PNG (black ink on white) at {@code file}, atomically. */
    public void saveDrawing(Path file) {
        Path target = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png") ? file
                : file.resolveSibling(file.getFileName() + ".png");
        lastFolder = target.toAbsolutePath().getParent();
        SaveDrawingTask task = new SaveDrawingTask(drawViewModel.getInk(), target);
        task.setOnFailed(event -> showError("Could not save the drawing",
                UserMessages.cannotSave(target.getFileName().toString(), task.getException())));
        submit(task);
    }

    /** Measures the model in use on the inference thread, then shows its summary in a dialog. */
    public void showSummary() {
        com.digitstudio.model.DigitClassifier model = context.getModel();
        if (model == null) {
            return;
        }
        javafx.concurrent.Task<com.digitstudio.eval.ModelSummary> task = new javafx.concurrent.Task<>() {
            @Override
            protected com.digitstudio.eval.ModelSummary call() {
                return com.digitstudio.eval.ModelSummary.of(model);
            }
        };
        task.setOnSucceeded(event -> {
            javafx.scene.control.TextArea text = new javafx.scene.control.TextArea(task.getValue().text());
            text.setEditable(false);
            text.setId("summaryText");
            text.setStyle("-fx-font-family: monospace;");
            text.setPrefColumnCount(104);
            text.setPrefRowCount(14);
            javafx.scene.control.Alert alert = new javafx.scene.control.Alert(javafx.scene.control.Alert.AlertType.INFORMATION);
            alert.initOwner(window());
            alert.setTitle("Model summary");
            alert.setHeaderText(model.info().name());
            alert.getDialogPane().setContent(text);
            alert.getDialogPane().setId("summaryDialog");
            alert.setResizable(true);
            alert.show();
        });
        task.setOnFailed(event -> showError("Could not summarise the model",
                UserMessages.of(task.getException())));
        try {
            context.inferenceExecutor().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing
        }
    }

    private void chooseSaveModelTarget() {
        FileChooser chooser = chooser("Save the model");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("Digit Studio model (*" + ModelFiles.EXTENSION + ")",
                "*" + ModelFiles.EXTENSION));
        chooser.setInitialFileName(context.getModel().info().name() + ModelFiles.EXTENSION);
        File file = chooser.showSaveDialog(window());
        if (file != null) {
            saveModelAs(file.toPath());
        }
    }

    /** Writes the model in use to {@code file} (".dsm" added if missing), atomically, on the I/O thread. */
    public void saveModelAs(Path file) {
        if (!(context.getModel() instanceof CnnNetwork network)) {
            return; // the action is disabled for models this app did not make
        }
        Path target = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ModelFiles.EXTENSION) ? file
                : file.resolveSibling(file.getFileName() + ModelFiles.EXTENSION);
        lastFolder = target.toAbsolutePath().getParent();
        WriteModelTask<CnnNetwork> task = new WriteModelTask<>(network, target, (n, to) -> ModelFiles.save(to,
                new com.digitstudio.model.SavedModel(n.info(), n.parameters(), null, java.util.Map.of())));
        task.setOnFailed(event -> showError("Could not save the model",
                UserMessages.cannotSave(target.getFileName().toString(), task.getException())));
        task.setOnSucceeded(event -> preferences.setLastModel(target));
        context.ioExecutor().execute(task);
    }

    private void chooseExportTarget() {
        FileChooser chooser = chooser("Export the model as ONNX");
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter("ONNX model (*.onnx)", "*.onnx"));
        chooser.setInitialFileName(context.getModel().info().name() + ".onnx");
        File file = chooser.showSaveDialog(window());
        if (file != null) {
            exportOnnx(file.toPath());
        }
    }

    /** Writes the model in use to {@code file} (".onnx" added if missing) as ONNX, atomically, on the I/O thread. */
    public void exportOnnx(Path file) {
        if (!(context.getModel() instanceof CnnNetwork network)) {
            return; // the action is disabled for models this app did not make
        }
        Path target = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx") ? file
                : file.resolveSibling(file.getFileName() + ".onnx");
        lastFolder = target.toAbsolutePath().getParent();
        WriteModelTask<CnnNetwork> task = new WriteModelTask<>(network, target, com.digitstudio.onnx.OnnxExport::write);
        task.setOnFailed(event -> showError("Could not export the model",
                UserMessages.cannotSave(target.getFileName().toString(), task.getException())));
        task.setOnSucceeded(event -> {
            exported.set(target);
            try {
                org.controlsfx.control.Notifications.create().title("Exported as ONNX")
                        .text(target.getFileName() + ": input [N,1,28,28], pixels 0..1 with ink = 1; output probabilities [N,10].")
                        .owner(window()).hideAfter(javafx.util.Duration.seconds(6)).position(javafx.geometry.Pos.BOTTOM_RIGHT)
                        .showInformation();
            } catch (RuntimeException e) {
                // no window to show it on (closing): the file is written all the same
            }
        });
        submit(task);
    }

    private final javafx.beans.property.ObjectProperty<Path> exported = new javafx.beans.property.SimpleObjectProperty<>();

    /** The last file an ONNX export wrote (for tests and the status line). */
    javafx.beans.property.ReadOnlyObjectProperty<Path> exportedProperty() {
        return exported;
    }

    private void submit(javafx.concurrent.Task<?> task) {
        try {
            context.ioExecutor().execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // closing: nothing to do
        }
    }

    private FileChooser chooser(String title) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        Path folder = lastFolder != null ? lastFolder : preferences.lastModel().map(Path::getParent).orElse(null);
        if (folder != null && folder.toFile().isDirectory()) {
            chooser.setInitialDirectory(folder.toFile());
        }
        return chooser;
    }

    // ---- window --------------------------------------------------------------------------------------------

    /**
     * Asks before closing while a training run is active; true when the window may close. The caller (the
     * application) closes the context afterwards.
     */
    public boolean confirmClose() {
        if (!trainingActive.get()) {
            return true;
        }
        return Dialogs.confirm(window(), "Quit while training?",
                "A training run is in progress; quitting stops it, and anything learned since its last checkpoint is lost.",
                "Quit");
    }

    /** Quit goes through the window's close request, so it asks and stops training exactly as closing does. */
    private void quit() {
        if (window() instanceof Stage stage) {
            stage.fireEvent(new javafx.stage.WindowEvent(stage, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
        }
    }

    private void showAbout() {
        Alert alert = new Alert(Alert.AlertType.INFORMATION,
                "Draw a digit and watch a convolutional network read it; train the network on MNIST and watch it learn.\n\n"
                        + "MNIST by Yann LeCun, Corinna Cortes and Christopher J.C. Burges (CC BY-SA 3.0). "
                        + "Built with JavaFX, ControlsFX and Deeplearning4j.", ButtonType.OK);
        alert.initOwner(window());
        alert.setTitle("About Digit Studio");
        alert.setHeaderText("Digit Studio");
        alert.getDialogPane().setId("aboutDialog");
        alert.show();
    }

    private void showError(String title, String sentence) {
        Dialogs.error(window(), title, sentence);
    }

    private Window window() {
        return getScene() == null ? null : getScene().getWindow();
    }

    // ---- for the application and the Train tab -------------------------------------------------------------

    /** Puts the Train tab's content in place of its placeholder sentence. */
    public void setTrainContent(Node content) {
        trainTab.setContent(content);
    }

    /**
     * True while a training run is active: the Train view sets or binds it, and closing the window then asks
     * first.
     */
    public BooleanProperty trainingActiveProperty() {
        return trainingActive;
    }

    public AppContext context() {
        return context;
    }

    public ModelManager models() {
        return models;
    }

    /**
     * Gives {@code tab} its content the first time it is selected. Every control in the scene is styled, skinned
     * and laid out before the first frame, hidden tabs' included: built up front, the Inside and My digits tabs
     * put the first frame ~0.75 s later (median of nine pairs under Xvfb; docs/decisions/0006-speed.md).
     */
    private static void buildOnFirstSelection(Tab tab, java.util.function.Supplier<javafx.scene.Node> content) {
        tab.setContent(new StackPane());
        tab.selectedProperty().addListener(new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Boolean> obs, Boolean old, Boolean now) {
                if (now) {
                    tab.selectedProperty().removeListener(this);
                    tab.setContent(content.get());
                }
            }
        });
    }

    public DrawView drawView() {
        return drawView;
    }

    public Tab insideTab() {
        return insideTab;
    }

    public Tab trainTab() {
        return trainTab;
    }
}
