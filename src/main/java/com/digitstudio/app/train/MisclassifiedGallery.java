package com.digitstudio.app.train;

import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The test digits the model got wrong, most confident mistakes first: each as the 28×28 image, its true label
 * and what the model said with how sure it was. The tiles are made once and refilled at each evaluation.
 */
final class MisclassifiedGallery extends VBox {
    static final int MAX_TILES = 60;
    private final Label caption = new Label();
    private final FlowPane tiles = new FlowPane(6, 6);
    private final List<Tile> pool = new ArrayList<>();

    MisclassifiedGallery() {
        setId("misclassified");
        setSpacing(6);
        caption.getStyleClass().add("gallery-caption");
        caption.setWrapText(true);
        tiles.setId("misclassified-tiles");
        tiles.setPrefWrapLength(380);
        getChildren().addAll(caption, tiles);
        // all tiles are made now and hidden, so their first CSS and layout happen when the tab opens, not in
        // the middle of a run at its first evaluation
        for (int i = 0; i < MAX_TILES; i++) {
            Tile tile = new Tile();
            pool.add(tile);
            tiles.getChildren().add(tile.box);
        }
        show(null, null);
    }

    void show(Evaluation evaluation, MnistSet test) {
        if (evaluation == null || test == null) {
            shown(0);
            caption.setText("Misclassified test digits appear here after an evaluation.");
            return;
        }
        List<Evaluation.Miss> misses = evaluation.misclassified().stream()
                .filter(m -> m.index() < test.size())
                .sorted(Comparator.comparingDouble((Evaluation.Miss m) -> m.probability()).reversed())
                .limit(MAX_TILES)
                .toList();
        int total = evaluation.misclassified().size();
        caption.setText(total == 0 ? "No test digit was misclassified."
                : String.format(Locale.ROOT, "%,d of %,d test digits misclassified%s. Below: true label → what the model said.",
                total, evaluation.examples(), total > MAX_TILES ? " (the " + MAX_TILES + " most confident mistakes)" : ""));
        for (int i = 0; i < misses.size(); i++) {
            pool.get(i).show(misses.get(i), test);
        }
        shown(misses.size());
    }

    private void shown(int count) {
        for (int i = 0; i < pool.size(); i++) {
            VBox box = pool.get(i).box;
            boolean on = i < count;
            if (box.isVisible() != on) {
                box.setVisible(on);
                box.setManaged(on);
            }
        }
    }

    int tileCount() {
        return (int) pool.stream().filter(t -> t.box.isVisible()).count();
    }

    /** One misclassified digit: its image, enlarged, and "true → said  sure%". */
    private static final class Tile {
        private final WritableImage image = new WritableImage(MnistSet.SIDE, MnistSet.SIDE);
        private final int[] argb = new int[MnistSet.PIXELS];
        private final Label label = new Label();
        private final VBox box;
        private String explanation = "";

        Tile() {
            ImageView view = new ImageView(image);
            view.setFitWidth(MnistSet.SIDE * 2);
            view.setFitHeight(MnistSet.SIDE * 2);
            view.setSmooth(false);
            label.getStyleClass().add("tile-label");
            box = new VBox(2, view, label);
            box.setAlignment(Pos.CENTER);
            box.getStyleClass().add("miss-tile");
            // the tooltip is made when first needed: 60 tooltips at every evaluation would cost the FX thread
            box.setOnMouseEntered(e -> {
                if (label.getTooltip() == null) {
                    Tooltip tip = new Tooltip();
                    tip.textProperty().bind(label.accessibleTextProperty());
                    Tooltip.install(box, tip);
                    label.setTooltip(tip);
                }
            });
        }

        void show(Evaluation.Miss miss, MnistSet test) {
            float[] pixels = test.pixels(miss.index());
            for (int i = 0; i < argb.length; i++) {
                int v = 255 - Math.round(pixels[i] * 255);
                argb[i] = 0xff000000 | v << 16 | v << 8 | v;
            }
            image.getPixelWriter().setPixels(0, 0, MnistSet.SIDE, MnistSet.SIDE, PixelFormat.getIntArgbInstance(),
                    argb, 0, MnistSet.SIDE);
            label.setText(String.format(Locale.ROOT, "%d → %d  %.0f%%", miss.actual(), miss.predicted(),
                    miss.probability() * 100));
            label.setAccessibleText(String.format(Locale.ROOT, "Test image #%d: a %d, read as %d (%.1f%% sure)",
                    miss.index(), miss.actual(), miss.predicted(), miss.probability() * 100));
        }
    }
}
