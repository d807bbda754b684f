package com.digitstudio.app.draw;

import com.digitstudio.ink.Ink;
import com.digitstudio.ink.InkPoint;
import com.digitstudio.ink.Stroke;
import com.digitstudio.support.AtomicFiles;
import javafx.concurrent.Task;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves a drawing as a PNG on the I/O thread: black ink on white, drawn as on the pad (same pen, same curves:
 * {@link StrokePath}),
 * written atomically. Opening the file again as an image reads the same digit.
 */
public final class SaveDrawingTask extends Task<Path> {
    /** Side of the saved image in pixels. */
    public static final int SIDE = 560;

    private final Ink ink;
    private final Path target;

    public SaveDrawingTask(Ink ink, Path target) {
        this.ink = ink;
        this.target = target;
        updateTitle("Saving " + target.getFileName());
    }

    @Override
    protected Path call() throws IOException {
        BufferedImage image = render(ink, SIDE);
        AtomicFiles.write(target, out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer is available");
            }
        });
        return target;
    }

    /** The drawing (in pad units, 0..1) as a {@code side}×{@code side} image. */
    static BufferedImage render(Ink ink, int side) {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, side, side);
            g.setColor(Color.BLACK);
            float pen = (float) (DrawingPad.PEN * side);
            g.setStroke(new BasicStroke(pen, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            for (Stroke stroke : ink.strokes()) {
                List<InkPoint> p = stroke.points();
                if (p.size() == 1) {
                    g.fill(new Ellipse2D.Double(p.get(0).x() * side - pen / 2, p.get(0).y() * side - pen / 2, pen, pen));
                } else if (p.size() > 1) {
                    Path2D.Double path = new Path2D.Double();
                    StrokePath.trace(p, side, new StrokePath.Sink() {
                        @Override
                        public void moveTo(double x, double y) {
                            path.moveTo(x, y);
                        }

                        @Override
                        public void curveTo(double x1, double y1, double x2, double y2, double x, double y) {
                            path.curveTo(x1, y1, x2, y2, x, y);
                        }
                    });
                    g.draw(path);
                }
            }
        } finally {
            g.dispose();
        }
        return image;
    }
}
