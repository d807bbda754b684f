package com.digitstudio.app.train;

import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluation;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelWriter;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The test digits the model got wrong, most confident mistakes first: each as the 28×28 image, its true label
 * and what the model said with how sure it was.
 */
final class MisclassifiedGallery extends VBox {
    static final int MAX_TILES = 60;
    private final Label caption = new Label();
    private final FlowPane tiles = new FlowPane(6, 6);

    MisclassifiedGallery() {
        setId("misclassified");
        setSpacing(6);
        caption.getStyleClass().add("gallery-caption");
        caption.setWrapText(true);
        tiles.setId("misclassified-tiles");
        tiles.setPrefWrapLength(380);
        getChildren().addAll(caption, tiles);
        show(null, null);
    }

    void show(Evaluation evaluation, MnistSet test) {
        tiles.getChildren().clear();
        if (evaluation == null || test == null) {
            caption.setText("Misclassified test digits appear here after an evaluation.");
            return;
        }
        List<Evaluation.Miss> misses = evaluation.misclassified().stream()
                .sorted(Comparator.comparingDouble((Evaluation.Miss m) -> m.probability()).reversed())
                .limit(MAX_TILES)
                .toList();
        int total = evaluation.misclassified().size();
        caption.setText(total == 0 ? "No test digit was misclassified."
                : String.format(Locale.ROOT, "%,d of %,d test digits misclassified%s. Below: true label → what the model said.",
                total, evaluation.examples(), total > MAX_TILES ? " (the " + MAX_TILES + " most confident mistakes)" : ""));
        for (Evaluation.Miss miss : misses) {
            if (miss.index() < test.size()) {
                tiles.getChildren().add(tile(miss, test.pixels(miss.index())));
            }
        }
    }

    private static VBox tile(Evaluation.Miss miss, float[] pixels) {
        WritableImage image = new WritableImage(MnistSet.SIDE, MnistSet.SIDE);
        PixelWriter writer = image.getPixelWriter();
        for (int y = 0; y < MnistSet.SIDE; y++) {
            for (int x = 0; x < MnistSet.SIDE; x++) {
                int v = 255 - Math.round(pixels[y * MnistSet.SIDE + x] * 255);
                writer.setArgb(x, y, 0xff000000 | v << 16 | v << 8 | v);
            }
        }
        ImageView view = new ImageView(image);
        view.setFitWidth(MnistSet.SIDE * 2);
        view.setFitHeight(MnistSet.SIDE * 2);
        view.setSmooth(false);
        Label label = new Label(String.format(Locale.ROOT, "%d → %d  %.0f%%", miss.actual(), miss.predicted(),
                miss.probability() * 100));
        label.getStyleClass().add("tile-label");
        VBox tile = new VBox(2, view, label);
        tile.setAlignment(Pos.CENTER);
        tile.getStyleClass().add("miss-tile");
        Tooltip.install(tile, new Tooltip(String.format(Locale.ROOT, "Test image #%d: a %d, read as %d (%.1f%% sure)",
                miss.index(), miss.actual(), miss.predicted(), miss.probability() * 100)));
        return tile;
    }

    int tileCount() {
        return tiles.getChildren().size();
    }
}
