package com.digitstudio.app.inside;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Rectangle;

import java.util.function.IntConsumer;

/**
 * One layer in the strip: its name, its shape, its maps in a grid on one colour scale, and the scale's legend.
 * Clicking a map reports its index.
 */
final class LayerTile extends VBox {
    final String layer;
    private final int side;
    private final int maps;
    private final int columns;
    private final double zoom;
    private final ImageView view = new ImageView();
    private final Label legend = new Label();
    private final Rectangle selection = new Rectangle();

    LayerTile(String layer, String title, String shape, int side, int maps, int columns, double zoom, IntConsumer onClick) {
        this.layer = layer;
        this.side = side;
        this.maps = maps;
        this.columns = columns;
        this.zoom = zoom;
        setId("layer-" + layer);
        getStyleClass().add("layer-tile");
        setSpacing(4);
        Label name = new Label(title);
        name.getStyleClass().add("layer-name");
        Label dims = new Label(shape);
        dims.getStyleClass().add("layer-shape");
        view.setSmooth(false);
        view.setPreserveRatio(true);
        javafx.scene.layout.Pane picture = new javafx.scene.layout.Pane(view, selection);
        selection.getStyleClass().add("map-selection");
        selection.setManaged(false);
        selection.setVisible(false);
        selection.setMouseTransparent(true);
        if (onClick != null) {
            view.setOnMouseClicked(event -> {
                int map = mapAt(event.getX(), event.getY());
                if (map >= 0) {
                    onClick.accept(map);
                }
            });
            view.setCursor(javafx.scene.Cursor.HAND);
            Tooltip.install(view, new Tooltip(maps == 1 ? "Click a unit to see the test images that excite it most"
                    : "Click a map to see it large, with its kernel and arithmetic"));
        }
        HBox scale = new HBox(4, new Label("0"), legendBar(), legend);
        scale.setAlignment(Pos.CENTER_LEFT);
        scale.getStyleClass().add("layer-legend");
        getChildren().addAll(name, dims, picture, scale);
    }

    private static Region legendBar() {
        Region bar = new Region();
        bar.getStyleClass().add("legend-bar");
        bar.setPrefSize(60, 8);
        bar.setMinSize(60, 8);
        return bar;
    }

    /** Shows {@code values} (NHWC) on a scale from 0 to their maximum. */
    void show(float[] values) {
        float max = Heat.max(values);
        var image = Heat.grid(values, side, maps, columns, max);
        view.setImage(image);
        view.setFitWidth(image.getWidth() * zoom);
        legend.setText(String.format(java.util.Locale.ROOT, "%.3g", max));
    }

    void select(int map) {
        if (maps == 1 && map >= 0) {
            selection.setX((map % side) * zoom - 1);
            selection.setY((map / side) * zoom - 1);
            selection.setWidth(zoom + 2);
            selection.setHeight(zoom + 2);
            selection.setVisible(true);
            return;
        }
        if (map < 0) {
            selection.setVisible(false);
            return;
        }
        double cell = (side + 1) * zoom;
        selection.setX((map % columns) * cell - 1);
        selection.setY((map / columns) * cell - 1);
        selection.setWidth(side * zoom + 2);
        selection.setHeight(side * zoom + 2);
        selection.setVisible(true);
    }

    /** The map under a point of the picture (in its own coordinates), or -1 for a gap; for one map, its pixel. */
    int mapAt(double x, double y) {
        if (maps == 1) {
            int px = (int) (x / zoom);
            int py = (int) (y / zoom);
            return px >= 0 && py >= 0 && px < side && py < side ? py * side + px : -1;
        }
        double cell = (side + 1) * zoom;
        int column = (int) (x / cell);
        int row = (int) (y / cell);
        int map = row * columns + column;
        boolean inGap = x - column * cell >= side * zoom || y - row * cell >= side * zoom;
        return column < columns && map < maps && !inGap ? map : -1;
    }

    /** The centre of map {@code map} in this tile's picture coordinates (for tests and keyboard use). */
    javafx.geometry.Point2D centreOf(int map) {
        double cell = (side + 1) * zoom;
        return new javafx.geometry.Point2D((map % columns) * cell + side * zoom / 2, (map / columns) * cell + side * zoom / 2);
    }

    ImageView picture() {
        return view;
    }
}
