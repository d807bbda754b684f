package com.digitstudio.app.train;

import javafx.geometry.VPos;
import javafx.scene.AccessibleRole;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.StrokeLineCap;
import javafx.scene.shape.StrokeLineJoin;
import javafx.scene.text.Font;
import javafx.scene.text.FontWeight;
import javafx.scene.text.Text;
import javafx.scene.text.TextAlignment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A line chart against training steps, drawn on two {@link Canvas}es: the frame (plot background, grid lines,
 * ticks, labels, titles, legend), redrawn only when the size or an axis's range changes, and over it the series.
 * A redraw during a run strokes a few polylines: no nodes are made, styled or laid out, which a {@code LineChart}
 * does for every point and tick on every change, and no text is laid out or rasterised again.
 */
final class StepChart extends Region {
    /** How one series is drawn. */
    record Style(Color color, double width, double[] dashes, boolean dots) {
        static Style line(Color color, double width) {
            return new Style(color, width, null, false);
        }

        static Style dashedWithDots(Color color, double width) {
            return new Style(color, width, new double[]{6, 4}, true);
        }
    }

    private static final Color PLOT_BACKGROUND = Color.web("#f7f7f7");
    private static final Color GRID = Color.web("#e2e2e2");
    private static final Color AXIS = Color.web("#9a9a9a");
    private static final Color TEXT = Color.web("#333333");
    private static final double TICK = 5;
    private static final double DOT_RADIUS = 4.5;
    /** Room around the plot on the series layer, so a dot at an edge (its ring included) is drawn whole. */
    private static final double MARGIN = DOT_RADIUS + 2;
    /** More ticks than an axis ever draws: a bound on the tick loops whatever the range. */
    private static final int MAX_TICKS = 200;

    private final Canvas frame = new Canvas();
    /** The series, over the plot only (and the dots' overhang): the smaller it is, the less there is to composite. */
    private final Canvas series = new Canvas();
    /** The frame as last drawn: {@code w, h, xFrom, xTo, yFrom, yTo, yTick}; redrawn when any differs. */
    private double[] frameKey = new double[0];
    private Plot plot;
    private final String yTitle;
    private final String xTitle = "step";
    private final boolean fixedY;
    private final List<String> names = new ArrayList<>();
    private final List<Style> styles = new ArrayList<>();
    private final List<TrainingHistory.Points> data = new ArrayList<>();
    private final List<Double> scales = new ArrayList<>();
    private final Text measure = new Text();
    private final Font tickFont;
    private final Font titleFont;

    private double xFrom = 0;
    private double xTo = 100;
    private double yFrom;
    private double yTo;
    private double yTick;
    private final double emptyYTo;
    private final double emptyYTick;
    private String yFormat;

    /**
     * @param fixedY keep {@code yFrom..yTo} whatever the data; else the top follows the data (the bottom stays)
     * @param yFormat how tick labels print, e.g. {@code "%.0f"}
     */
    StepChart(String yTitle, double yFrom, double yTo, double yTick, boolean fixedY, String yFormat) {
        this.yTitle = yTitle;
        this.yFrom = yFrom;
        this.yTo = yTo;
        this.yTick = yTick;
        this.emptyYTo = yTo;
        this.emptyYTick = yTick;
        this.fixedY = fixedY;
        this.yFormat = yFormat;
        Font base = Font.getDefault();
        tickFont = Font.font(base.getFamily(), base.getSize() * 0.9);
        titleFont = Font.font(base.getFamily(), FontWeight.NORMAL, base.getSize());
        series.setMouseTransparent(true);
        getChildren().addAll(frame, series);
        getStyleClass().add("step-chart");
        setAccessibleRole(AccessibleRole.IMAGE_VIEW);
        setMinSize(200, 160);
        setPrefSize(500, 300);
    }

    /** Adds a series (drawn in the order added, so the last is on top); returns its index. */
    int addSeries(String name, Style style) {
        names.add(name);
        styles.add(style);
        data.add(new TrainingHistory.Points(new double[0], new double[0], 0));
        scales.add(1.0);
        return names.size() - 1;
    }

    /** The x axis shows {@code from..to}. */
    void setSteps(double from, double to) {
        xFrom = from;
        xTo = Math.max(from + 1, to);
    }

    /** Series {@code index} shows {@code points}, each y multiplied by {@code scale}. */
    void setPoints(int index, TrainingHistory.Points points, double scale) {
        data.set(index, points);
        scales.set(index, scale);
    }

    int pointCount(int index) {
        return data.get(index).size();
    }

    String seriesName(int index) {
        return names.get(index);
    }

    int seriesCount() {
        return names.size();
    }

    /** The y axis as drawn: {@code [from, to, tick]}. */
    double[] yRange() {
        return new double[]{yFrom, yTo, yTick};
    }

    /** Redraws at once with the current data (the caller throttles). */
    void redraw() {
        fitY();
        draw();
        setAccessibleText(describe());
    }

    @Override
    protected void layoutChildren() {
        double w = snapSizeX(getWidth());
        double h = snapSizeY(getHeight());
        if (frame.getWidth() != w || frame.getHeight() != h) {
            frame.setWidth(w);
            frame.setHeight(h);
            draw();
        }
    }

    /** A free top follows the highest value shown, rounded up to a tick; with no data, the initial range. */
    private void fitY() {
        if (fixedY) {
            return;
        }
        double max = Double.NEGATIVE_INFINITY;
        for (int s = 0; s < data.size(); s++) {
            TrainingHistory.Points p = data.get(s);
            for (int i = 0; i < p.size(); i++) {
                double y = p.y()[i] * scales.get(s);
                if (Double.isFinite(y) && y > max) {
                    max = y;
                }
            }
        }
        if (max == Double.NEGATIVE_INFINITY || max <= yFrom) {
            yTo = emptyYTo;
            yTick = emptyYTick;
            return;
        }
        yTick = niceTick((max - yFrom) / 10.0);
        yTo = yFrom + Math.ceil((max - yFrom) / yTick - 1e-9) * yTick;
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least {@code raw} (any size, fractions too). */
    static double niceTick(double raw) {
        return niceTick(raw, new double[]{1, 2, 2.5, 5});
    }

    /** The smallest of {@code multipliers} (ascending, below 10) times a power of ten that is at least {@code raw}. */
    static double niceTick(double raw, double[] multipliers) {
        double power = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : multipliers) {
            if (m * power >= raw * (1 - 1e-9)) {
                return m * power;
            }
        }
        return 10 * power;
    }

    private void draw() {
        double w = frame.getWidth();
        double h = frame.getHeight();
        double[] key = {w, h, xFrom, xTo, yFrom, yTo, yTick};
        if (!Arrays.equals(key, frameKey)) {
            frameKey = key;
            plot = drawFrame(frame.getGraphicsContext2D(), w, h);
            if (plot != null) {
                double x0 = Math.floor(plot.left - MARGIN);
                double y0 = Math.floor(plot.top - MARGIN);
                series.relocate(x0, y0);
                series.setWidth(Math.ceil(plot.right + MARGIN - x0));
                series.setHeight(Math.ceil(plot.bottom + MARGIN - y0));
            }
        }
        GraphicsContext g = series.getGraphicsContext2D();
        g.clearRect(0, 0, series.getWidth(), series.getHeight());
        series.setVisible(plot != null);
        if (plot == null) {
            return;
        }
        g.save();
        g.translate(-series.getLayoutX(), -series.getLayoutY());
        g.setLineCap(StrokeLineCap.BUTT);
        g.setLineJoin(StrokeLineJoin.ROUND);
        for (int s = 0; s < data.size(); s++) {
            drawSeries(g, plot, data.get(s), scales.get(s), styles.get(s));
        }
        g.restore();
    }

    /** Everything but the series; returns where the plot is, or null when there is no room for one. */
    private Plot drawFrame(GraphicsContext g, double w, double h) {
        g.clearRect(0, 0, w, h);
        if (w < 60 || h < 60) {
            return null;
        }
        double xTick = TrainingCharts.niceTick((xTo - xFrom) / 8.0);
        double lineHeight = textHeight(tickFont);
        double legendHeight = lineHeight + 14;
        double yLabelWidth = 0;
        for (double y : ticks(yFrom, yTo, yTick)) {
            yLabelWidth = Math.max(yLabelWidth, textWidth(yLabel(y), tickFont));
        }
        double left = 6 + textHeight(titleFont) + 6 + yLabelWidth + TICK + 2;
        double right = w - Math.max(12, textWidth(xLabel(xTo), tickFont) / 2 + 4);
        double top = Math.max(8, lineHeight / 2 + 2);
        double bottom = h - (legendHeight + textHeight(titleFont) + lineHeight + TICK + 8);
        if (right - left < 20 || bottom - top < 20) {
            return null;
        }
        Plot plot = new Plot(left, right, top, bottom);

        g.setFill(PLOT_BACKGROUND);
        g.fillRect(left, top, right - left, bottom - top);
        g.setLineDashes((double[]) null);
        g.setFont(tickFont);
        g.setFill(TEXT);
        g.setLineWidth(1);

        // horizontal grid lines and the y axis's ticks and labels
        g.setTextAlign(TextAlignment.RIGHT);
        g.setTextBaseline(VPos.CENTER);
        // every grid line, but in a short chart a label only on every k-th, so labels never crowd
        double[] yTicks = ticks(yFrom, yTo, yTick);
        int yEvery = labelStride(yTicks.length, bottom - top, 1.5 * lineHeight);
        for (int i = 0; i < yTicks.length; i++) {
            double py = crisp(plot.y(yTicks[i]));
            g.setStroke(GRID);
            g.strokeLine(left, py, right, py);
            if (i % yEvery == 0) {
                g.setStroke(AXIS);
                g.strokeLine(left - TICK, py, left, py);
                g.fillText(yLabel(yTicks[i]), left - TICK - 2, py);
            }
        }
        // the x axis's ticks and labels
        g.setTextAlign(TextAlignment.CENTER);
        g.setTextBaseline(VPos.TOP);
        double[] xTicks = ticks(xFrom, xTo, xTick);
        int xEvery = labelStride(xTicks.length, right - left, textWidth(xLabel(xTo), tickFont) + 12);
        for (int i = 0; i < xTicks.length; i += xEvery) {
            double px = crisp(plot.x(xTicks[i]));
            g.setStroke(AXIS);
            g.strokeLine(px, bottom, px, bottom + TICK);
            g.fillText(xLabel(xTicks[i]), px, bottom + TICK + 1);
        }
        g.setStroke(AXIS);
        g.strokeLine(crisp(left), top, crisp(left), bottom);
        g.strokeLine(left, crisp(bottom), right, crisp(bottom));

        // titles
        g.setFont(titleFont);
        g.fillText(xTitle, (left + right) / 2, bottom + TICK + lineHeight + 4);
        g.save();
        g.translate(6 + textHeight(titleFont) / 2, (top + bottom) / 2);
        g.rotate(-90);
        g.setTextBaseline(VPos.CENTER);
        g.fillText(yTitle, 0, 0);
        g.restore();

        drawLegend(g, w, h - legendHeight + 2, lineHeight);
        return plot;
    }

    /** The polyline, broken where a value is not finite (a diverged loss), and a dot per finite point if asked. */
    private void drawSeries(GraphicsContext g, Plot plot, TrainingHistory.Points points, double scale, Style style) {
        int n = points.size();
        if (n == 0) {
            return;
        }
        double[] xs = new double[n];
        double[] ys = new double[n];
        boolean[] finite = new boolean[n];
        for (int i = 0; i < n; i++) {
            xs[i] = plot.x(points.x()[i]);
            ys[i] = plot.y(points.y()[i] * scale);
            finite[i] = Double.isFinite(xs[i]) && Double.isFinite(ys[i]);
        }
        g.setStroke(style.color());
        g.setLineWidth(style.width());
        g.setLineDashes(style.dashes());
        for (int start = 0; start < n; ) {
            if (!finite[start]) {
                start++;
                continue;
            }
            int end = start;
            while (end < n && finite[end]) {
                end++;
            }
            if (end - start > 1) {
                double[] px = Arrays.copyOfRange(xs, start, end);
                double[] py = Arrays.copyOfRange(ys, start, end);
                g.strokePolyline(px, py, end - start);
            }
            start = end;
        }
        g.setLineDashes((double[]) null);
        if (style.dots()) {
            g.setFill(Color.WHITE);
            g.setLineWidth(2);
            for (int i = 0; i < n; i++) {
                if (finite[i]) {
                    g.fillOval(xs[i] - DOT_RADIUS, ys[i] - DOT_RADIUS, 2 * DOT_RADIUS, 2 * DOT_RADIUS);
                    g.strokeOval(xs[i] - DOT_RADIUS, ys[i] - DOT_RADIUS, 2 * DOT_RADIUS, 2 * DOT_RADIUS);
                }
            }
        }
    }

    /** The series' names in a row, centred, each after a swatch of its colour. */
    private void drawLegend(GraphicsContext g, double w, double y, double lineHeight) {
        double swatch = 10;
        double gap = 14;
        double total = 0;
        for (String name : names) {
            total += swatch + 5 + textWidth(name, tickFont) + gap;
        }
        total -= gap;
        double x = Math.max(4, (w - total) / 2);
        g.setFont(tickFont);
        g.setTextAlign(TextAlignment.LEFT);
        g.setTextBaseline(VPos.CENTER);
        double cy = y + lineHeight / 2;
        for (int s = 0; s < names.size(); s++) {
            Color color = styles.get(s).color();
            // a faint series gets its full colour in the legend, or its swatch would vanish
            g.setFill(Color.color(color.getRed(), color.getGreen(), color.getBlue(), Math.max(0.45, color.getOpacity())));
            g.fillOval(x, cy - swatch / 2, swatch, swatch);
            x += swatch + 5;
            g.setFill(TEXT);
            g.fillText(names.get(s), x, cy);
            x += textWidth(names.get(s), tickFont) + gap;
        }
    }

    /** "smoothed 0.0266 at step 1,200; ..." for screen readers. */
    private String describe() {
        StringBuilder text = new StringBuilder(yTitle).append(" against step");
        for (int s = 0; s < data.size(); s++) {
            TrainingHistory.Points p = data.get(s);
            if (p.size() > 0) {
                text.append("; ").append(names.get(s)).append(' ')
                        .append(String.format(Locale.ROOT, "%.4g", p.y()[p.size() - 1] * scales.get(s)))
                        .append(" at step ").append(xLabel(p.x()[p.size() - 1]));
            }
        }
        return text.toString();
    }

    private String yLabel(double y) {
        return String.format(Locale.ROOT, yFormat, y + 0.0);
    }

    private static String xLabel(double x) {
        return String.format(Locale.ROOT, "%,d", Math.round(x));
    }

    /** Label every k-th of {@code count} ticks spread over {@code length} pixels so labels are {@code room} apart. */
    private static int labelStride(int count, double length, double room) {
        if (count < 2) {
            return 1;
        }
        double spacing = length / (count - 1);
        return Math.max(1, (int) Math.ceil(room / spacing));
    }

    /** The multiples of {@code tick} in {@code from..to}; none for a range or tick that is not finite and positive. */
    private static double[] ticks(double from, double to, double tick) {
        if (!(tick > 0) || !Double.isFinite(from) || !Double.isFinite(to) || !(to > from) || (to - from) / tick > MAX_TICKS) {
            return new double[0];
        }
        double first = Math.ceil(from / tick - 1e-9) * tick;
        int n = (int) Math.floor((to - first) / tick + 1e-6) + 1;
        double[] ticks = new double[Math.max(0, n)];
        for (int i = 0; i < ticks.length; i++) {
            ticks[i] = first + i * tick;
        }
        return ticks;
    }

    /** Half-pixel positions make 1-pixel lines sharp. */
    private static double crisp(double v) {
        return Math.floor(v) + 0.5;
    }

    private double textWidth(String s, Font font) {
        measure.setFont(font);
        measure.setText(s);
        return measure.getLayoutBounds().getWidth();
    }

    private double textHeight(Font font) {
        measure.setFont(font);
        measure.setText("0");
        return measure.getLayoutBounds().getHeight();
    }

    /** Data to pixel coordinates. */
    private final class Plot {
        private final double left;
        private final double right;
        private final double top;
        private final double bottom;

        Plot(double left, double right, double top, double bottom) {
            this.left = left;
            this.right = right;
            this.top = top;
            this.bottom = bottom;
        }

        double x(double step) {
            return left + (step - xFrom) / (xTo - xFrom) * (right - left);
        }

        double y(double value) {
            return bottom - (value - yFrom) / (yTo - yFrom) * (bottom - top);
        }
    }
}
