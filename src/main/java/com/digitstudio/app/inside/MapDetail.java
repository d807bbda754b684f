package com.digitstudio.app.inside;

import com.digitstudio.explain.LayerArithmetic;
import com.digitstudio.model.Activations;
import javafx.geometry.Insets;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

import java.util.Locale;

/**
 * The selected map, large, with what made it: for a convolution its 5×5 kernel (conv2: its 32 slices, one per map
 * of pool1) and bias; hovering a pixel writes out the arithmetic behind its value, with the network's own numbers.
 */
final class MapDetail extends HBox {
    static final double SIZE = 168;
    private final ImageView map = new ImageView();
    private final ImageView kernel = new ImageView();
    private final Label title = new Label();
    private final Label kernelCaption = new Label();
    private final Label arithmetic = new Label("Rest the pointer on a pixel of the map to see how its value was computed.");
    private Activations layers;
    private LayerArithmetic weights;
    private InsideViewModel.Selection selection;

    MapDetail() {
        setId("mapDetail");
        getStyleClass().add("map-detail");
        setSpacing(16);
        setPadding(new Insets(8));
        map.setSmooth(false);
        map.setFitWidth(SIZE);
        map.setFitHeight(SIZE);
        map.setId("detailMap");
        kernel.setSmooth(false);
        kernel.setPreserveRatio(true);
        arithmetic.setId("arithmetic");
        arithmetic.getStyleClass().add("arithmetic");
        arithmetic.setWrapText(true);
        arithmetic.setMaxWidth(440);
        arithmetic.setMinHeight(Region.USE_PREF_SIZE);
        title.getStyleClass().add("detail-title");
        title.setMinWidth(Region.USE_PREF_SIZE);
        map.setOnMouseMoved(event -> hover((int) (event.getY() / SIZE * side()), (int) (event.getX() / SIZE * side())));
        VBox left = new VBox(6, title, map);
        kernelCaption.setWrapText(true);
        kernelCaption.setMaxWidth(400);
        kernelCaption.setMinHeight(Region.USE_PREF_SIZE);
        VBox right = new VBox(6, kernelCaption, kernel, arithmetic);
        getChildren().addAll(left, right);
    }

    void show(Activations layers, LayerArithmetic weights, InsideViewModel.Selection selection) {
        this.layers = layers;
        this.weights = weights;
        this.selection = selection;
        if (layers == null || selection == null) {
            map.setImage(null);
            return;
        }
        if (selection.layer().equals("dense")) {
            map.setImage(null);
            kernel.setVisible(false);
            kernel.setManaged(false);
            title.setText(String.format(Locale.ROOT, "dense unit %d of 1,024 · value %.3f", selection.map() + 1,
                    layers.dense()[selection.map()]));
            kernelCaption.setText("A dense unit weighs all 3,136 values of pool2 (7×7×64), adds its bias and applies ReLU.");
            arithmetic.setText("");
            return;
        }
        float[] values = values();
        int maps = maps();
        float max = 0;
        for (int p = 0; p < side() * side(); p++) {
            max = Math.max(max, values[p * maps + selection.map()]);
        }
        map.setImage(Heat.zoom(Heat.map(values, side(), maps, selection.map(), Heat.max(values)), (int) SIZE / side()));
        title.setText(String.format(Locale.ROOT, "%s map %d of %d · %d×%d · max %.3f", selection.layer(),
                selection.map() + 1, maps, side(), side(), max));
        boolean conv = selection.layer().startsWith("conv");
        kernel.setVisible(conv && weights != null);
        kernel.setManaged(conv && weights != null);
        if (conv && weights != null) {
            boolean first = selection.layer().equals("conv1");
            float[] k = weights.kernel(selection.layer(), selection.map());
            kernel.setImage(Heat.zoom(first ? Heat.signed(k, 5, 5) : slices(k), first ? 16 : 5));
            
            kernelCaption.setText(String.format(Locale.ROOT, "Kernel%s (red > 0, blue < 0), bias %.4f",
                    first ? " 5×5" : ": 32 slices of 5×5, one per map of pool1", weights.bias(selection.layer(), selection.map())));
        } else {
            kernelCaption.setText(conv ? "Loading the weights…" : "Max-pooling has no weights: each value is the largest of a 2×2 window of the layer below.");
        }
    }

    /** conv1's 32 kernels in an 8×4 grid, each on its own signed scale. */
    static javafx.scene.image.WritableImage conv1Kernels(LayerArithmetic weights) {
        int w = 8 * 6 - 1;
        int h = 4 * 6 - 1;
        int[] pixels = new int[w * h];
        java.util.Arrays.fill(pixels, 0xFFFFFFFF);
        for (int m = 0; m < 32; m++) {
            float[] k = weights.kernel("conv1", m);
            float max = 1e-9f;
            for (float v : k) {
                max = Math.max(max, Math.abs(v));
            }
            for (int t = 0; t < 25; t++) {
                pixels[((m / 8) * 6 + t / 5) * w + (m % 8) * 6 + t % 5] = Heat.diverging(k[t] / max);
            }
        }
        return Heat.image(pixels, w, h);
    }

    /** conv2's kernel [ky][kx][c] as 32 5×5 slices in an 8×4 grid (1-pixel gaps), on one signed scale. */
    private static javafx.scene.image.WritableImage slices(float[] k) {
        int w = 8 * 6 - 1;
        int h = 4 * 6 - 1;
        float[] grid = new float[w * h];
        for (int c = 0; c < 32; c++) {
            int ox = (c % 8) * 6;
            int oy = (c / 8) * 6;
            for (int t = 0; t < 25; t++) {
                grid[(oy + t / 5) * w + ox + t % 5] = k[t * 32 + c];
            }
        }
        return Heat.signed(grid, w, h);
    }

    /** Writes out the arithmetic behind the value at (y, x) of the selected map. */
    void hover(int y, int x) {
        if (layers == null || selection == null || selection.layer().equals("dense") || y < 0 || x < 0 || y >= side() || x >= side()) {
            return;
        }
        arithmetic.setText(explain(y, x));
    }

    String explain(int y, int x) {
        int m = selection.map();
        return switch (selection.layer()) {
            case "conv1", "conv2" -> {
                if (weights == null) {
                    yield "Loading the weights…";
                }
                LayerArithmetic.Convolution c = selection.layer().equals("conv1")
                        ? weights.conv1(layers, y, x, m) : weights.conv2(layers, y, x, m);
                StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%s[row %d, column %d, map %d]%n", c.layer(), y, x, m));
                if (c.depth() == 1) {
                    text.append("input window 5×5 (rows ").append(y - 2).append("…").append(y + 2).append(") · kernel:\n");
                    for (int ky = 0; ky < 5; ky++) {
                        for (int kx = 0; kx < 5; kx++) {
                            text.append(String.format(Locale.ROOT, "%5.2f×%6.3f ", c.window()[ky * 5 + kx], c.kernel()[ky * 5 + kx]));
                        }
                        text.append('\n');
                    }
                } else {
                    text.append(String.format(Locale.ROOT, "pool1's 5×5×32 window · the kernel's 32 slices: %d products%n",
                            c.window().length));
                }
                text.append(String.format(Locale.ROOT, "Σ products %.4f + bias %.4f = %.4f%nReLU(%.4f) = %.4f",
                        c.dot(), c.bias(), c.sum(), c.sum(), c.value()));
                yield text.toString();
            }
            default -> {
                LayerArithmetic.Pooling p = selection.layer().equals("pool1")
                        ? LayerArithmetic.pool1(layers, y, x, m) : LayerArithmetic.pool2(layers, y, x, m);
                String below = selection.layer().equals("pool1") ? "conv1" : "conv2";
                yield String.format(Locale.ROOT, "%s[row %d, column %d, map %d]%n= max of %s's 2×2 window at rows %d–%d, columns %d–%d:%n"
                                + "  %.4f  %.4f%n  %.4f  %.4f%n= %.4f", p.layer(), y, x, m, below, 2 * y, 2 * y + 1, 2 * x, 2 * x + 1,
                        p.window()[0], p.window()[1], p.window()[2], p.window()[3], p.value());
            }
        };
    }

    String arithmeticText() {
        return arithmetic.getText();
    }

    private int side() {
        return switch (selection.layer()) {
            case "conv1" -> 28;
            case "pool1", "conv2" -> 14;
            default -> 7;
        };
    }

    private int maps() {
        return selection.layer().equals("conv1") || selection.layer().equals("pool1") ? 32 : 64;
    }

    private float[] values() {
        return switch (selection.layer()) {
            case "conv1" -> layers.conv1();
            case "pool1" -> layers.pool1();
            case "conv2" -> layers.conv2();
            default -> layers.pool2();
        };
    }
}
