package com.digitstudio.onnx;

import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelInfo;
import com.digitstudio.model.PixelScale;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Map;

/**
 * An imported ONNX model run by SameDiff, fed the app's 28×28 image (the same preprocessing as our network's) in
 * the file's layout and pixel scaling. One image per call: many ONNX files fix their batch size at 1.
 */
final class OnnxClassifier implements DigitClassifier {
    /** One node of the (rewritten) ONNX graph as the summary lists it: its weights are its float initializers. */
    record Node(String name, String type, String output, long parameters) {
    }

    /** Whether the graph's output is already probabilities (then it is used as is) or scores to softmax. */
    enum Output { LOGITS, UNKNOWN }

    private final SameDiff sd;
    private final String input;
    private final String output;
    private final OnnxImport.Layout layout;
    private final Output kind;
    private final PixelScale scale;
    private final ModelInfo info;
    private final java.util.List<Node> nodes;

    OnnxClassifier(SameDiff sd, String input, String output, OnnxImport.Layout layout, Output kind, PixelScale scale,
                   ModelInfo info, java.util.List<Node> nodes) {
        this.nodes = nodes == null ? java.util.List.of() : java.util.List.copyOf(nodes);
        this.sd = sd;
        this.input = input;
        this.output = output;
        this.layout = layout;
        this.kind = kind;
        this.scale = scale;
        this.info = info;
    }

    OnnxClassifier with(PixelScale newScale, ModelInfo newInfo) {
        return new OnnxClassifier(sd, input, output, layout, kind, newScale, newInfo, nodes);
    }

    OnnxImport.Layout layout() {
        return layout;
    }

    Output kind() {
        return kind;
    }

    private java.util.List<Layer> layers;

    /**
     * The ONNX graph's nodes in order (as rewritten for the importer), each with the shape it gives for one blank
     * image (from one run of the imported graph) and its weights (its float initializers); empty if the graph
     * cannot be run that way.
     */
    @Override
    public synchronized java.util.List<Layer> layers() {
        if (layers == null) {
            layers = describe();
        }
        return layers;
    }

    private java.util.List<Layer> describe() {
        if (nodes.isEmpty()) {
            return java.util.List.of();
        }
        try {
            INDArray blank = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, layout.shape);
            String[] wanted = nodes.stream().map(Node::output).filter(sd::hasVariable).toArray(String[]::new);
            Map<String, INDArray> values = sd.output(Map.of(input, blank), wanted);
            java.util.List<Layer> out = new java.util.ArrayList<>();
            out.add(new Layer("input", "Input", perImage(blank), 0));
            for (Node node : nodes) {
                INDArray value = values.get(node.output());
                out.add(new Layer(node.name(), node.type(), value == null ? java.util.List.of() : perImage(value),
                        node.parameters()));
            }
            return java.util.List.copyOf(out);
        } catch (RuntimeException e) {
            org.slf4j.LoggerFactory.getLogger(OnnxClassifier.class).warn("Could not list the layers of {}",
                    info == null ? "an ONNX model" : info.name(), e);
            return java.util.List.of();
        }
    }

    private static java.util.List<Long> perImage(INDArray a) {
        java.util.List<Long> shape = new java.util.ArrayList<>();
        for (int i = a.rank() > 1 ? 1 : 0; i < a.rank(); i++) {
            shape.add(a.size(i));
        }
        return java.util.List.copyOf(shape);
    }

    @Override
    public java.util.Optional<PixelScale> inputScale() {
        return java.util.Optional.of(scale);
    }

    @Override
    public synchronized float[][] predict(float[] pixels, int n) {
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            float[] image = new float[INPUTS];
            for (int k = 0; k < INPUTS; k++) {
                image[k] = scale.apply(pixels[i * INPUTS + k]);
            }
            INDArray in = Nd4j.create(image, layout.shape, 'c');
            INDArray out = sd.output(Map.of(input, in), output).get(output);
            float[] row = out.reshape(out.length()).toFloatVector();
            if (row.length != CLASSES) {
                throw new IllegalStateException("the model gave " + row.length + " scores, not 10");
            }
            rows[i] = probabilities(row);
        }
        return rows;
    }

    private float[] probabilities(float[] row) {
        double sum = 0;
        boolean negative = false;
        for (float v : row) {
            sum += v;
            negative |= v < 0;
        }
        if (kind == Output.UNKNOWN && !negative && Math.abs(sum - 1) < 1e-3) {
            return row;
        }
        float max = Float.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        double total = 0;
        float[] p = new float[row.length];
        for (int k = 0; k < row.length; k++) {
            p[k] = (float) Math.exp(row[k] - max);
            total += p[k];
        }
        for (int k = 0; k < row.length; k++) {
            p[k] /= (float) total;
        }
        return p;
    }

    @Override
    public ModelInfo info() {
        return info;
    }
}
