package com.digitstudio.model;

import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

/**
 * A DL4J {@code MultiLayerNetwork} or {@code ComputationGraph} saved with {@code ModelSerializer} elsewhere. It
 * is accepted when it takes either 784 values or a 28×28×1 image (NCHW) and gives 10 outputs; this is checked by
 * running it once on a blank image, which also tells which input shape it wants.
 */
final class Dl4jClassifier implements DigitClassifier {
    private final Function<INDArray, INDArray> forward;
    private final long[] inputShape;
    private final ModelInfo info;
    private final boolean needsSoftmax;

    private final java.util.List<Layer> layers;

    private Dl4jClassifier(Function<INDArray, INDArray> forward, long[] inputShape, ModelInfo info, boolean needsSoftmax,
                           java.util.List<Layer> layers) {
        this.layers = layers;
        this.forward = forward;
        this.inputShape = inputShape;
        this.info = info;
        this.needsSoftmax = needsSoftmax;
    }

    static Dl4jClassifier load(Path file) throws IOException {
        String name = file.getFileName().toString();
        Function<INDArray, INDArray> forward;
        Function<INDArray, java.util.List<Layer>> describe;
        String engine;
        try {
            if (isComputationGraph(file)) {
                ComputationGraph graph = ModelSerializer.restoreComputationGraph(file.toFile(), false);
                if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
                    throw new ModelFormatException(name + " is a DL4J graph with " + graph.getNumInputArrays()
                            + " inputs and " + graph.getNumOutputArrays() + " outputs; a digit model has one of each.");
                }
                forward = in -> graph.outputSingle(false, in);
                describe = in -> describe(graph, in);
                engine = "DL4J ComputationGraph (imported)";
            } else {
                MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
                forward = in -> network.output(in, false);
                describe = in -> describe(network, in);
                engine = "DL4J MultiLayerNetwork (imported)";
            }
        } catch (ModelFormatException e) {
            throw e;
        } catch (Exception e) {
            throw new ModelFormatException(name + " looks like a DL4J model but could not be read: " + rootMessage(e) + ".", e);
        }
        long[][] candidates = {{1, INPUTS}, {1, 1, 28, 28}};
        String lastProblem = null;
        for (long[] shape : candidates) {
            INDArray out;
            try {
                out = forward.apply(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape));
            } catch (RuntimeException e) {
                lastProblem = rootMessage(e);
                continue;
            }
            if (out.rank() != 2 || out.size(1) != CLASSES) {
                throw new ModelFormatException(String.format("%s gives %s outputs; a digit model must give 10 class scores.",
                        name, java.util.Arrays.toString(out.shape())));
            }
            float[] row = out.toFloatVector();
            double sum = 0;
            boolean negative = false;
            for (float v : row) {
                sum += v;
                negative |= v < 0;
            }
            boolean softmax = negative || Math.abs(sum - 1) > 1e-3;
            ModelInfo info = new ModelInfo(ModelFiles.FORMAT_VERSION, ModelFiles.stripExtension(name),
                    "DL4J " + (shape.length == 2 ? "784-input" : "28x28x1-input") + " network", engine, null,
                    Map.of(), 0, null, null, ModelInfo.NORMALISATION, null);
            java.util.List<Layer> layers;
            try {
                layers = describe.apply(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, shape));
            } catch (RuntimeException e) {
                layers = java.util.List.of(); // a summary without layers; the model itself runs
            }
            return new Dl4jClassifier(forward, shape, info, softmax, layers);
        }
        throw new ModelFormatException(name + " does not take 784 pixel values or a 28×28×1 image as input ("
                + lastProblem + ").");
    }

    @Override
    public java.util.List<Layer> layers() {
        return layers;
    }

    private static java.util.List<Layer> describe(MultiLayerNetwork network, INDArray blank) {
        java.util.List<INDArray> activations = network.feedForward(blank, false);
        java.util.List<Layer> layers = new java.util.ArrayList<>();
        layers.add(new Layer("input", "Input", shapeOf(blank), 0));
        for (int i = 0; i < network.getnLayers(); i++) {
            org.deeplearning4j.nn.conf.layers.Layer conf = network.getLayer(i).conf().getLayer();
            String name = conf.getLayerName() == null ? "layer" + i : conf.getLayerName();
            layers.add(new Layer(name, conf.getClass().getSimpleName(), shapeOf(activations.get(i + 1)),
                    network.getLayer(i).numParams()));
        }
        return java.util.List.copyOf(layers);
    }

    private static java.util.List<Layer> describe(ComputationGraph graph, INDArray blank) {
        Map<String, INDArray> activations = graph.feedForward(blank, false);
        java.util.List<Layer> layers = new java.util.ArrayList<>();
        for (String name : graph.getConfiguration().getTopologicalOrderStr()) {
            INDArray a = activations.get(name);
            org.deeplearning4j.nn.api.Layer layer = graph.getLayer(name);
            String type = layer != null ? layer.conf().getLayer().getClass().getSimpleName()
                    : graph.getConfiguration().getVertices().containsKey(name)
                    ? graph.getConfiguration().getVertices().get(name).getClass().getSimpleName() : "Input";
            layers.add(new Layer(name, type, a == null ? java.util.List.of() : shapeOf(a), layer == null ? 0 : layer.numParams()));
        }
        return java.util.List.copyOf(layers);
    }

    private static java.util.List<Long> shapeOf(INDArray a) {
        java.util.List<Long> shape = new java.util.ArrayList<>();
        for (int i = 1; i < a.rank(); i++) {
            shape.add(a.size(i));
        }
        return java.util.List.copyOf(shape);
    }

    private static boolean isComputationGraph(Path file) throws IOException {
        try (java.util.zip.ZipFile zip = ModelFiles.openZip(file);
             java.io.InputStream in = zip.getInputStream(zip.getEntry("configuration.json"))) {
            String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return json.contains("\"vertices\"");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        message = message.strip();
        int newline = message.indexOf('\n');
        if (newline > 0) {
            message = message.substring(0, newline);
        }
        return message.endsWith(".") ? message.substring(0, message.length() - 1) : message;
    }

    @Override
    public float[][] predict(float[] pixels, int n) {
        long[] shape = inputShape.clone();
        shape[0] = n;
        INDArray out = forward.apply(Nd4j.createFromArray(pixels).reshape(shape));
        if (needsSoftmax) {
            out = org.nd4j.linalg.ops.transforms.Transforms.softmax(out, true);
        }
        return out.toFloatMatrix();
    }

    @Override
    public ModelInfo info() {
        return info;
    }
}
