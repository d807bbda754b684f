package com.digitstudio.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.ZipFile;

/**
 * A DL4J {@code MultiLayerNetwork} or {@code ComputationGraph}: saved with {@code ModelSerializer} elsewhere, or
 * imported from Keras. It is accepted when it takes one 28×28 grey image (784 values, NCHW [1,28,28], NHWC
 * [28,28,1] or [28,28]) and gives 10 outputs; the network is run once on a blank image in each layout, and the
 * first it accepts is kept (it fixes the input's shape, so at most one of these can fit a given network).
 */
public final class Dl4jClassifier implements DigitClassifier {
    /** An input layout this class can feed, with its shape for one image. */
    public enum Layout {
        FLAT("784 values [N,784]", 1, INPUTS), NCHW("NCHW [N,1,28,28]", 1, 1, 28, 28),
        NHWC("NHWC [N,28,28,1]", 1, 28, 28, 1), SQUARE("[N,28,28]", 1, 28, 28);

        public final String label;
        final long[] shape;

        Layout(String label, long... shape) {
            this.label = label;
            this.shape = shape;
        }
    }

    /** One network, whichever of DL4J's two kinds it is. */
    private record Network(Function<INDArray, INDArray> forward, Function<INDArray, List<Layer>> describe, String engine) {
    }

    private final Network network;
    private final Layout layout;
    private final PixelScale scale;
    private final ModelInfo info;
    private final boolean needsSoftmax;
    private final List<Layer> layers;
    private final boolean foreign;

    private Dl4jClassifier(Network network, Layout layout, PixelScale scale, ModelInfo info, boolean needsSoftmax,
                           List<Layer> layers, boolean foreign) {
        this.foreign = foreign;
        this.network = network;
        this.layout = layout;
        this.scale = scale;
        this.info = info;
        this.needsSoftmax = needsSoftmax;
        this.layers = layers;
    }

    static Dl4jClassifier load(Path file) throws IOException {
        String name = file.getFileName().toString();
        Network network;
        try {
            network = isComputationGraph(file)
                    ? graph(ModelSerializer.restoreComputationGraph(file.toFile(), false), name, "DL4J ComputationGraph (imported)")
                    : network(ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false), "DL4J MultiLayerNetwork (imported)");
        } catch (ModelFormatException e) {
            throw e;
        } catch (Exception e) {
            throw new ModelFormatException(name + " looks like a DL4J model but could not be read: " + com.digitstudio.support.UserMessages.causeLine(e) + ".", e);
        }
        return probe(network, name, PixelScale.UNIT, null);
    }

    /**
     * Wraps a network made elsewhere (a Keras import) that reads pixels in {@code scale}.
     *
     * @param format what the file was, as the summary says it ("Keras 2.10.0 Sequential")
     */
    public static Dl4jClassifier of(MultiLayerNetwork network, String name, String format, String engine)
            throws ModelFormatException {
        return probe(network(network, engine), name, PixelScale.UNIT, format);
    }

    /** As {@link #of(MultiLayerNetwork, String, String, String)} for a graph (one input, one output). */
    public static Dl4jClassifier of(ComputationGraph graph, String name, String format, String engine)
            throws ModelFormatException {
        return probe(graph(graph, name, engine), name, PixelScale.UNIT, format);
    }

    /** This network reading pixels in {@code newScale}; {@code note} ends the input description ("as asked"). */
    public Dl4jClassifier withScale(PixelScale newScale, String note) {
        ModelInfo i = info;
        ModelInfo changed = new ModelInfo(i.formatVersion(), i.name(), i.architecture(), i.engine(), i.preset(),
                i.hyperparameters(), i.steps(), i.testAccuracy(), i.testLoss(),
                "expects " + newScale.label + ", " + layout.label + (note == null ? "" : " (" + note + ")"), i.created());
        return new Dl4jClassifier(network, layout, newScale, changed, needsSoftmax, layers, foreign);
    }

    /** Present for networks made elsewhere ({@link #of}), whose scaling the user may change. */
    @Override
    public java.util.Optional<PixelScale> inputScale() {
        return foreign ? java.util.Optional.of(scale) : java.util.Optional.empty();
    }

    public Layout layout() {
        return layout;
    }

    private static Network network(MultiLayerNetwork network, String engine) {
        return new Network(in -> network.output(in, false), in -> describe(network, in), engine);
    }

    private static Network graph(ComputationGraph graph, String name, String engine) throws ModelFormatException {
        if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
            throw new ModelFormatException(name + " is a network with " + graph.getNumInputArrays()
                    + " inputs and " + graph.getNumOutputArrays() + " outputs; a digit model has one of each.");
        }
        return new Network(in -> graph.outputSingle(false, in), in -> describe(graph, in), engine);
    }

    private static Dl4jClassifier probe(Network network, String name, PixelScale scale, String format)
            throws ModelFormatException {
        String firstProblem = null;
        for (Layout layout : Layout.values()) {
            INDArray out;
            try {
                out = network.forward().apply(Nd4j.zeros(DataType.FLOAT, layout.shape));
            } catch (RuntimeException e) {
                // the first layout's complaint says most ("does not match layer input size (100)")
                firstProblem = firstProblem == null ? com.digitstudio.support.UserMessages.causeLine(e) : firstProblem;
                continue;
            }
            if (out.rank() != 2 || out.size(1) != CLASSES) {
                throw new ModelFormatException(String.format("%s gives %s outputs; a digit model must give 10 class scores.",
                        name, Arrays.toString(Arrays.copyOfRange(out.shape(), 1, out.rank()))));
            }
            float[] row = out.toFloatVector();
            double sum = 0;
            boolean negative = false;
            for (float v : row) {
                sum += v;
                negative |= v < 0;
            }
            boolean softmax = negative || Math.abs(sum - 1) > 1e-3;
            String description = format != null ? format
                    : "DL4J " + (layout == Layout.FLAT ? "784-input" : "28x28x1-input") + " network";
            ModelInfo info = new ModelInfo(ModelFiles.FORMAT_VERSION, ModelFiles.stripExtension(name), description,
                    network.engine(), null, Map.of(), 0, null, null,
                    format == null ? ModelInfo.NORMALISATION : "expects " + scale.label + ", " + layout.label, null);
            List<Layer> layers;
            try {
                layers = network.describe().apply(Nd4j.zeros(DataType.FLOAT, layout.shape));
            } catch (RuntimeException e) {
                layers = List.of(); // a summary without layers; the model itself runs
            }
            return new Dl4jClassifier(network, layout, scale, info, softmax, layers, format != null);
        }
        throw new ModelFormatException(name + " does not take one 28×28 grey image as input (784 values, "
                + "[1,28,28], [28,28,1] or [28,28]); for 784 values it says: " + firstProblem + ".");
    }

    @Override
    public List<Layer> layers() {
        return layers;
    }

    private static List<Layer> describe(MultiLayerNetwork network, INDArray blank) {
        List<INDArray> activations = network.feedForward(blank, false);
        List<Layer> layers = new ArrayList<>();
        layers.add(new Layer("input", "Input", shapeOf(blank), 0));
        for (int i = 0; i < network.getnLayers(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = network.getLayer(i).conf().getLayer();
            String name = conf.getLayerName() == null ? "layer" + i : conf.getLayerName();
            layers.add(new Layer(name, conf.getClass().getSimpleName(), shapeOf(activations.get(i + 1)),
                    network.getLayer(i).numParams()));
        }
        return List.copyOf(layers);
    }

    private static List<Layer> describe(ComputationGraph graph, INDArray blank) {
        Map<String, INDArray> activations = graph.feedForward(blank, false);
        List<Layer> layers = new ArrayList<>();
        for (String name : graph.getConfiguration().getTopologicalOrderStr()) {
            INDArray a = activations.get(name);
            org.deeplearning4j.nn.api.Layer layer = graph.getLayer(name);
            String type = layer != null ? layer.conf().getLayer().getClass().getSimpleName()
                    : graph.getConfiguration().getVertices().containsKey(name)
                    ? graph.getConfiguration().getVertices().get(name).getClass().getSimpleName() : "Input";
            layers.add(new Layer(name, type, a == null ? List.of() : shapeOf(a), layer == null ? 0 : layer.numParams()));
        }
        return List.copyOf(layers);
    }

    private static List<Long> shapeOf(INDArray a) {
        List<Long> shape = new ArrayList<>();
        for (int i = 1; i < a.rank(); i++) {
            shape.add(a.size(i));
        }
        return List.copyOf(shape);
    }

    private static boolean isComputationGraph(Path file) throws IOException {
        try (ZipFile zip = ModelFiles.openZip(file);
             InputStream in = zip.getInputStream(zip.getEntry("configuration.json"))) {
            String json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return json.contains("\"vertices\"");
        }
    }

    @Override
    public float[][] predict(float[] pixels, int n) {
        long[] shape = layout.shape.clone();
        shape[0] = n;
        float[] input = scale == PixelScale.UNIT ? pixels : scale.apply(pixels);
        INDArray out = network.forward().apply(Nd4j.createFromArray(input).reshape(shape));
        if (needsSoftmax) {
            out = Transforms.softmax(out, true);
        }
        return out.toFloatMatrix();
    }

    @Override
    public ModelInfo info() {
        return info;
    }
}
