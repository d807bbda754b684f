package com.digitstudio.app.draw;

import com.digitstudio.ink.Ink;
import com.digitstudio.ink.InkPoint;
import com.digitstudio.ink.Stroke;
import javafx.scene.Cursor;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.image.Image;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;

import java.util.List;

/**
 * The square pad the user draws on, as large as its space allows. Strokes are stored in pad units (0..1 across
 * the pad, y down), so the drawing keeps its shape when the window is resized, and drawn as smooth curves through
 * the sampled points ({@link StrokePath}), with a round pen like a thick marker. Mouse, pen and touch all arrive as
 * mouse events (JavaFX synthesises them from touch); points outside the pad are clamped to its edge.
 */
public final class DrawingPad extends Region {
    /** Pen width as a fraction of the pad's side. */
    public static final double PEN = 0.055;
    private static final Color INK = Color.web("#1e293b");
    /** The paper's corner radius; draw.css gives .paper the same. */
    private static final double CORNER_RADIUS = 14;

    private final DrawViewModel viewModel;
    private final Region paper = new Region();
    private final Canvas canvas = new Canvas();
    private final Rectangle clip = new Rectangle();
    private final Label hint = new Label("Draw a digit here");
    private final Label caption = new Label();
    private double side;

    public DrawingPad(DrawViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().add("drawing-pad");
        setId("drawingPad");
        paper.getStyleClass().add("paper");
        canvas.setId("drawCanvas");
        canvas.setCursor(Cursor.CROSSHAIR);
        canvas.setClip(clip);
        hint.getStyleClass().add("pad-hint");
        hint.setId("padHint");
        hint.setMouseTransparent(true);
        hint.visibleProperty().bind(viewModel.emptyProperty());
        caption.getStyleClass().add("pad-caption");
        caption.setId("padCaption");
        caption.setMouseTransparent(true);
        caption.textProperty().bind(viewModel.imageProperty().map(image -> "Image: " + image.name()).orElse(""));
        caption.visibleProperty().bind(viewModel.imageProperty().isNotNull());
        getChildren().addAll(paper, canvas, hint, caption);
        setMinSize(160, 160);
        setPrefSize(520, 520);

        canvas.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        canvas.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        canvas.addEventHandler(MouseEvent.MOUSE_RELEASED, this::released);
        viewModel.inkProperty().addListener((obs, old, now) -> {
            if (!drawGrowth(old, now)) {
                redraw();
            }
        });
        viewModel.imageProperty().addListener((obs, old, now) -> redraw());
    }

    private void pressed(MouseEvent event) {
        if (event.getButton() != MouseButton.PRIMARY || side <= 0) {
            return;
        }
        canvas.requestFocus();
        viewModel.beginStroke(toPad(event.getX()), toPad(event.getY()), System.currentTimeMillis());
        event.consume();
    }

    private void dragged(MouseEvent event) {
        if (!viewModel.isDrawing() || side <= 0) {
            return;
        }
        viewModel.extendStroke(toPad(event.getX()), toPad(event.getY()), System.currentTimeMillis());
        event.consume();
    }

    private void released(MouseEvent event) {
        if (event.getButton() == MouseButton.PRIMARY && viewModel.isDrawing()) {
            viewModel.extendStroke(toPad(event.getX()), toPad(event.getY()), System.currentTimeMillis());
            viewModel.endStroke();
            redraw(); // the stroke's last piece, up to the pen's last point
            event.consume();
        }
    }

    /** Canvas pixels to pad units, clamped to the pad. */
    private double toPad(double pixels) {
        return Math.max(0, Math.min(1, pixels / side));
    }

    @Override
    protected void layoutChildren() {
        double width = getWidth() - snappedLeftInset() - snappedRightInset();
        double height = getHeight() - snappedTopInset() - snappedBottomInset();
        double newSide = Math.floor(Math.max(0, Math.min(width, height)));
        double x = snappedLeftInset() + Math.floor((width - newSide) / 2);
        double y = snappedTopInset() + Math.floor((height - newSide) / 2);
        paper.resizeRelocate(x, y, newSide, newSide);
        canvas.relocate(x, y);
        if (newSide != side) {
            side = newSide;
            canvas.setWidth(side);
            canvas.setHeight(side);
            clip.setWidth(side);
            clip.setHeight(side);
            double arc = 2 * CORNER_RADIUS;
            clip.setArcWidth(arc);
            clip.setArcHeight(arc);
            redraw();
        }
        layoutInArea(hint, x, y, newSide, newSide, 0, javafx.geometry.HPos.CENTER, javafx.geometry.VPos.CENTER);
        double captionHeight = caption.prefHeight(newSide);
        layoutInArea(caption, x, y + newSide - captionHeight - 12, newSide, captionHeight, 0,
                javafx.geometry.HPos.CENTER, javafx.geometry.VPos.CENTER);
    }

    /** Draws the whole drawing (or the image being read) again. */
    private void redraw() {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (side <= 0) {
            return;
        }
        ImageInput image = viewModel.imageProperty().get();
        if (image != null && image.picture() != null) {
            drawPicture(g, image.picture());
            return;
        }
        setPen(g);
        Ink ink = viewModel.getInk();
        for (Stroke stroke : ink.strokes()) {
            drawStroke(g, stroke.points());
        }
    }

    /** A stroke is a smooth curve through its points ({@link StrokePath}); a single point is a dot. */
    private void drawStroke(GraphicsContext g, List<InkPoint> points) {
        if (points.isEmpty()) {
            return;
        }
        if (points.size() == 1) {
            drawDot(g, points.get(0));
            return;
        }
        g.beginPath();
        StrokePath.trace(points, side, sink(g));
        g.stroke();
    }

    private static StrokePath.Sink sink(GraphicsContext g) {
        return new StrokePath.Sink() {
            @Override
            public void moveTo(double x, double y) {
                g.moveTo(x, y);
            }

            @Override
            public void curveTo(double x1, double y1, double x2, double y2, double x, double y) {
                g.bezierCurveTo(x1, y1, x2, y2, x, y);
            }
        };
    }

    /**
     * While the pen moves, the drawing grows by one point at a time: draw only what changed instead of everything
     * (the full redraw would cost more with every point). The piece before the newest point is now final and is
     * drawn as a curve; the newest piece is drawn straight for now, and the pen-up redraw makes it a curve.
     * Returns false when {@code now} is not such a growth of {@code old}.
     */
    private boolean drawGrowth(Ink old, Ink now) {
        int count = now.strokes().size();
        if (side <= 0 || old == null || count == 0 || viewModel.imageProperty().get() != null) {
            return false;
        }
        List<InkPoint> points = now.strokes().get(count - 1).points();
        int n = points.size() - 1;
        boolean newStroke = old.strokes().size() == count - 1 && n == 0;
        boolean longerStroke = old.strokes().size() == count && n >= 1
                && old.strokes().get(count - 1).points().size() == n;
        if (!newStroke && !longerStroke) {
            return false;
        }
        for (int i = 0; i < count - 1; i++) {
            if (old.strokes().get(i) != now.strokes().get(i)) {
                return false;
            }
        }
        GraphicsContext g = canvas.getGraphicsContext2D();
        setPen(g);
        if (newStroke) {
            drawDot(g, points.get(0));
            return true;
        }
        g.beginPath();
        if (n >= 2) {
            g.moveTo(x(points.get(n - 2)), y(points.get(n - 2)));
            StrokePath.piece(points, n - 2, side, sink(g));
        } else {
            g.moveTo(x(points.get(n - 1)), y(points.get(n - 1)));
        }
        g.lineTo(x(points.get(n)), y(points.get(n)));
        g.stroke();
        return true;
    }

    private void setPen(GraphicsContext g) {
        g.setStroke(INK);
        g.setFill(INK);
        g.setLineWidth(PEN * side);
        g.setLineCap(StrokeLineCap.ROUND);
        g.setLineJoin(StrokeLineJoin.ROUND);
    }

    private void drawDot(GraphicsContext g, InkPoint p) {
        double radius = PEN * side / 2;
        g.fillOval(x(p) - radius, y(p) - radius, 2 * radius, 2 * radius);
    }

    private double x(InkPoint p) {
        return p.x() * side;
    }

    private double y(InkPoint p) {
        return p.y() * side;
    }

    private void drawPicture(GraphicsContext g, Image picture) {
        double margin = side * 0.08;
        double box = side - 2 * margin;
        double scale = Math.min(box / picture.getWidth(), box / picture.getHeight());
        double w = picture.getWidth() * scale;
        double h = picture.getHeight() * scale;
        g.setImageSmoothing(true);
        g.drawImage(picture, (side - w) / 2, (side - h) / 2, w, h);
    }
}
