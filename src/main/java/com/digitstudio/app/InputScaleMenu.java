package com.digitstudio.app;

import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.PixelScale;
import javafx.scene.control.Menu;
import javafx.scene.control.RadioMenuItem;
import javafx.scene.control.ToggleGroup;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * File › Input pixel scaling: for a model made elsewhere (ONNX, Keras), which pixel values it is fed. "Found by
 * scoring" is what opening the file chose; picking a scaling re-opens the file with it. Disabled for Digit Studio's
 * own models, which say how they read pixels.
 */
final class InputScaleMenu extends Menu {
    private final ToggleGroup group = new ToggleGroup();
    private final RadioMenuItem automatic = new RadioMenuItem("Found by scoring");
    private final Map<PixelScale, RadioMenuItem> items = new EnumMap<>(PixelScale.class);
    private boolean updating;

    /** @param choose gets the scaling picked, or {@code null} for "found by scoring", on the FX thread */
    InputScaleMenu(Consumer<PixelScale> choose) {
        super("Input pixel scaling");
        setId("inputScaleMenu");
        automatic.setId("inputScaleAutomatic");
        automatic.setToggleGroup(group);
        automatic.setOnAction(e -> pick(choose, null));
        getItems().add(automatic);
        for (PixelScale scale : PixelScale.values()) {
            RadioMenuItem item = new RadioMenuItem(scale.label);
            item.setId("inputScale-" + scale.name());
            item.setToggleGroup(group);
            item.setOnAction(e -> pick(choose, scale));
            items.put(scale, item);
            getItems().add(item);
        }
        show(null, null);
    }

    private void pick(Consumer<PixelScale> choose, PixelScale scale) {
        if (!updating) {
            choose.accept(scale);
        }
    }

    /** Shows the state of {@code model}: {@code asked} is the scaling the user chose for it, or null. */
    void show(DigitClassifier model, PixelScale asked) {
        updating = true;
        try {
            PixelScale inUse = model == null ? null : model.inputScale().orElse(null);
            setDisable(inUse == null);
            automatic.setText(inUse != null && asked == null ? "Found by scoring (" + inUse.key + ")" : "Found by scoring");
            group.selectToggle(inUse == null ? null : asked == null ? automatic : items.get(asked));
        } finally {
            updating = false;
        }
    }
}
