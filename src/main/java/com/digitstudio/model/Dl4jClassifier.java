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

    private Dl4jClassifier(Function<INDArray, INDArray> forward, long[] inputShape, ModelInfo info, boolean needsSoftmax) {
        this.forward = forward;
        this.inputShape = inputShape;
        this.info = info;
        this.needsSoftmax = needsSoftmax;
    }

    static Dl4jClassifier load(Path file) throws IOException {
        String name = file.getFileName().toString();
        Function<INDArray, INDArray> forward;
        String engine;
        try {
            if (isComputationGraph(file)) {
                ComputationGraph graph = ModelSerializer.restoreComputationGraph(file.toFile(), false);
                if (graph.getNumInputArrays() != 1 || graph.getNumOutputArrays() != 1) {
                    throw new ModelFormatException(name + " is a DL4J graph with " + graph.getNumInputArrays()
                            + " inputs and " + graph.getNumOutputArrays() + " outputs; a digit model has one of each.");
                }
                forward = in -> graph.outputSingle(false, in);
                engine = "DL4J ComputationGraph (imported)";
            } else {
                MultiLayerNetwork network = ModelSerializer.restoreMultiLayerNetwork(file.toFile(), false);
                forward = in -> network.output(in, false);
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
            return new Dl4jClassifier(forward, shape, info, softmax);
        }
        throw new ModelFormatException(name + " does not take 784 pixel values or a 28×28×1 image as input ("
                + lastProblem + ").");
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
