package com.digitstudio.app.draw;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCombination;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.action.Action;
import org.controlsfx.control.action.ActionUtils;

import java.util.Objects;

/**
 * The Draw tab: the pad on the left with its tools, what the network reads on the right. Undo and clear are
 * {@link Action}s so that the window's menus share them (same text, shortcut and enabled state).
 */
public final class DrawView extends HBox {
    private final DrawViewModel viewModel;
    private final DrawingPad pad;
    private final PredictionPanel panel;
    private final HBox tools = new HBox(8);
    private final HBox fileTools = new HBox(8);
    private final Action undo;
    private final Action clear;
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active", true);

    public DrawView(DrawViewModel viewModel) {
        this.viewModel = Objects.requireNonNull(viewModel);
        getStyleClass().add("draw-view");
        setId("drawView");
        getStylesheets().add(Objects.requireNonNull(DrawView.class.getResource("draw.css")).toExternalForm());

        undo = new Action("Undo", event -> viewModel.undo());
        undo.setLongText("Remove the last stroke (Ctrl+Z)");
        undo.setAccelerator(KeyCombination.keyCombination("Shortcut+Z"));
        undo.disabledProperty().bind(viewModel.canUndoProperty().not().or(active.not()));
        clear = new Action("Clear", event -> viewModel.clear());
        clear.setLongText("Wipe the pad (Esc or Delete)");
        clear.setAccelerator(KeyCombination.keyCombination("Delete"));
        clear.disabledProperty().bind(viewModel.emptyProperty().or(active.not()));

        pad = new DrawingPad(viewModel);
        VBox.setVgrow(pad, Priority.ALWAYS);
        Button undoButton = button(undo);
        undoButton.setId("undoButton");
        Button clearButton = button(clear);
        clearButton.setId("clearButton");
        tools.getChildren().addAll(undoButton, clearButton);
        tools.setAlignment(Pos.CENTER_LEFT);
        fileTools.setAlignment(Pos.CENTER_RIGHT);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(8, tools, spacer, fileTools);
        toolbar.getStyleClass().add("pad-toolbar");
        toolbar.setAlignment(Pos.CENTER_LEFT);
        VBox padCard = new VBox(12, toolbar, pad);
        padCard.getStyleClass().addAll("card", "pad-card");
        HBox.setHgrow(padCard, Priority.ALWAYS);

        panel = new PredictionPanel(viewModel);
        panel.getStyleClass().addAll("card", "result-card");
        panel.setMinWidth(300);
        panel.setPrefWidth(380);
        panel.setMaxWidth(440);

        getChildren().addAll(padCard, panel);
    }

    /** Adds {@code node} at the bottom of the prediction panel, under the chart (the window's correction bar). */
    public void addToPredictionPanel(javafx.scene.Node node) {
        panel.getChildren().add(node);
    }

    /** Adds buttons for actions the window owns (open, save) to the pad's toolbar; ids come from the actions' ids. */
    public void addFileActions(Action... actions) {
        for (Action action : actions) {
            Button button = button(action);
            if (action.getProperties().get("buttonId") instanceof String id) {
                button.setId(id);
            }
            fileTools.getChildren().add(button);
        }
    }

    /** False while the tab is hidden: undo and clear (and their shortcuts) then do nothing. */
    public BooleanProperty activeProperty() {
        return active;
    }

    private static Button button(Action action) {
        Button button = ActionUtils.createButton(action);
        button.setMinWidth(Region.USE_PREF_SIZE);
        return button;
    }

    public Action undoAction() {
        return undo;
    }

    public Action clearAction() {
        return clear;
    }

    public DrawViewModel viewModel() {
        return viewModel;
    }

    /** What to say while there is no model: loading, or why it failed. */
    public StringProperty noModelMessageProperty() {
        return panel.noModelMessageProperty();
    }
}
