package com.digitstudio.onnx;

import com.digitstudio.data.MnistSample;
import com.digitstudio.eval.InputScaling;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelFiles;
import com.digitstudio.model.ModelFormatException;
import com.digitstudio.model.ModelInfo;
import com.digitstudio.model.PixelScale;
import com.digitstudio.support.Progress;
import onnx.Onnx;
import org.nd4j.autodiff.functions.DifferentialFunction;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.samediff.frameworkimport.onnx.importer.OnnxFrameworkImporter;
import org.nd4j.shade.protobuf.InvalidProtocolBufferException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Opens an ONNX digit model through DL4J's ONNX importer (SameDiff), with the four defects of 1.0.0-M2.1 worked
 * around (measured in the project's notes, each against ONNX Runtime):
 * <ol>
 *   <li>{@code MatMul} arrives as ND4J {@code matmul} with alpha 0, beta 1, so the product is zero: fixed after
 *       import by setting alpha 1, beta 0;</li>
 *   <li>{@code Gemm} loses its bias: rewritten as {@code MatMul} + {@code Add} before import (a transposed
 *       constant B is transposed in the file);</li>
 *   <li>an INT64 {@code Constant} (a reshape's target shape) arrives as one float: {@code Constant} nodes become
 *       initializers before import;</li>
 *   <li>opset-13 {@code Softmax} is not mapped: a final {@code Softmax} is dropped and applied in Java.</li>
 * </ol>
 * The file is untrusted: its size is capped, its graph must take one 28×28 grey image (NCHW, NHWC or 784 values)
 * and give 10 scores, and only the operators a digit CNN or MLP uses are accepted; anything else is refused in one
 * sentence that names it. Pixel scaling is not written in ONNX files: it is found by scoring the candidates on the
 * 500 MNIST test images inside the app ({@link MnistSample}) and keeping the best.
 */
public final class OnnxImport {
    /** The largest ONNX digit model worth opening; the zoo's are 26 KB. */
    static final long MAX_BYTES = 256L << 20;
    static final Set<String> SUPPORTED = Set.of("Conv", "MaxPool", "AveragePool", "Relu", "Reshape", "Flatten", "MatMul",
            "Gemm", "Add", "Softmax", "Dropout", "BatchNormalization", "Transpose", "Constant", "Identity", "Sigmoid",
            "Tanh", "Mul", "Sub", "Div", "GlobalAveragePool", "LeakyRelu");

    /** The four work-arounds, each of which can be left out by the tests that show it is needed. */
    enum Workaround { CONSTANTS_AS_INITIALIZERS, GEMM_AS_MATMUL_ADD, FINAL_SOFTMAX_IN_JAVA, MATMUL_ALPHA_BETA }

    private OnnxImport() {
    }

    /** Reads, checks, rewrites and imports {@code file}, finding its pixel scaling. Takes seconds (SameDiff's import). */
    public static DigitClassifier load(Path file) throws IOException {
        return load(file, null);
    }

    /** As {@link #load(Path)}, with the pixel scaling given by the user ({@code null}: found by scoring). */
    public static DigitClassifier load(Path file, PixelScale override) throws IOException {
        return load(file, override, Progress.NONE);
    }

    /**
     * As {@link #load(Path, PixelScale)}, telling {@code progress} how it goes and stopping (with a
     * {@link java.util.concurrent.CancellationException}) between steps once it is cancelled. A file opened before
     * comes from the {@link ImportCache} in well under a second.
     */
    public static DigitClassifier load(Path file, PixelScale override, Progress progress) throws IOException {
        return load(file, override, progress, ImportCache.standard());
    }

    static DigitClassifier load(Path file, PixelScale override, Progress progress, ImportCache cache) throws IOException {
        return load(file, override, progress, cache, java.util.EnumSet.allOf(Workaround.class));
    }

    static DigitClassifier load(Path file, PixelScale override, Progress progress, ImportCache cache,
                                Set<Workaround> workarounds) throws IOException {
        String name = file.getFileName().toString();
        long size = Files.size(file);
        if (size > MAX_BYTES) {
            throw new ModelFormatException(String.format("%s is %,d bytes; an ONNX digit model this app opens is at most %,d.",
                    name, size, MAX_BYTES));
        }
        progress.update("Reading " + name + "…", 0.02);
        byte[] bytes = Files.readAllBytes(file);
        String sha = ImportCache.sha256(bytes);
        // a graph imported with a work-around left out (tests) is neither taken from the cache nor kept in it
        boolean cacheable = workarounds.containsAll(java.util.EnumSet.allOf(Workaround.class));
        java.util.Optional<ImportCache.Hit> hit = cacheable ? cache.find(sha) : java.util.Optional.empty();
        if (hit.isPresent()) {
            ImportCache.Entry e = hit.get().entry();
            OnnxClassifier cached = null;
            PixelScale found = null;
            try {
                cached = new OnnxClassifier(hit.get().graph(), e.input(), e.output(), Layout.valueOf(e.layout()),
                        OnnxClassifier.Output.valueOf(e.kind()), PixelScale.UNIT, null, e.nodes());
                found = e.scale() == null ? null : PixelScale.valueOf(e.scale());
            } catch (RuntimeException damaged) {
                cached = null; // an entry whose description does not read: import afresh
            }
            if (cached != null) {
                return finish(cached, name, e.architecture(), override, found, progress);
            }
        }
        Onnx.ModelProto model;
        try {
            model = Onnx.ModelProto.parseFrom(bytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelFormatException(name + " is not an ONNX model (it cannot be read as one).");
        }
        if (!model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new ModelFormatException(name + " is not an ONNX model (it holds no graph).");
        }
        Onnx.GraphProto graph = model.getGraph();
        Set<String> initializers = new HashSet<>();
        graph.getInitializerList().forEach(t -> initializers.add(t.getName()));
        List<Onnx.ValueInfoProto> inputs = graph.getInputList().stream().filter(v -> !initializers.contains(v.getName())).toList();
        if (inputs.size() != 1 || graph.getOutputCount() != 1) {
            throw new ModelFormatException(String.format("%s has %d inputs and %d outputs; a digit model has one of each.",
                    name, inputs.size(), graph.getOutputCount()));
        }
        for (Onnx.NodeProto node : graph.getNodeList()) {
            if (!node.getDomain().isEmpty() && !node.getDomain().equals("ai.onnx")) {
                throw new ModelFormatException(name + " uses the operator " + node.getDomain() + "." + node.getOpType()
                        + ", which this app cannot run.");
            }
            if (!SUPPORTED.contains(node.getOpType())) {
                throw new ModelFormatException(name + " uses the ONNX operator " + node.getOpType()
                        + ", which this app cannot run (a digit CNN or MLP needs only Conv, MaxPool, Relu, Reshape, "
                        + "Flatten, MatMul, Gemm, Add, Softmax and the like).");
            }
        }
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            OnnxTensors.checkSize(t, name);
        }
        for (Onnx.NodeProto node : graph.getNodeList()) {
            for (Onnx.AttributeProto a : node.getAttributeList()) {
                if (a.hasT()) {
                    OnnxTensors.checkSize(a.getT(), name);
                }
            }
        }
        Layout layout = Layout.of(inputs.get(0), name);
        Rewritten rewritten = rewrite(graph, name, workarounds);
        Onnx.ModelProto fixed = model.toBuilder().setGraph(rewritten.graph()).build();

        progress.checkCancelled();
        progress.update("Importing " + name + " through SameDiff (seconds, the first time only)…", -1);
        SameDiff sd = importGraph(fixed, name);
        for (DifferentialFunction op : sd.ops()) {
            if (op instanceof DynamicCustomOp custom && "matmul".equals(op.opName())
                    && workarounds.contains(Workaround.MATMUL_ALPHA_BETA)) {
                fixMatmul(custom);
            }
        }
        progress.checkCancelled();
        List<OnnxClassifier.Node> nodes = nodes(rewritten.graph());
        OnnxClassifier classifier = new OnnxClassifier(sd, inputs.get(0).getName(), rewritten.output(), layout,
                rewritten.softmaxRemoved() ? OnnxClassifier.Output.LOGITS : OnnxClassifier.Output.UNKNOWN,
                PixelScale.UNIT, null, nodes);
        String producer = model.getProducerName().isBlank() ? "" : ", from " + model.getProducerName();
        int opset = model.getOpsetImportCount() == 0 ? 0 : (int) model.getOpsetImport(0).getVersion();
        String architecture = "ONNX model (opset " + opset + producer + ")";
        PixelScale found = override != null ? null : findScale(classifier, name, progress);
        if (cacheable) {
            cache.store(sha, sd, new ImportCache.Entry(ImportCache.VERSION, inputs.get(0).getName(), rewritten.output(),
                    layout.name(), classifier.kind().name(), found == null ? null : found.name(), architecture, nodes, null));
        }
        return finish(classifier, name, architecture, override, found, progress);
    }

    /** The graph's nodes with the float weights each takes from the initializers. */
    static List<OnnxClassifier.Node> nodes(Onnx.GraphProto graph) {
        Map<String, Long> sizes = new java.util.HashMap<>();
        for (Onnx.TensorProto t : graph.getInitializerList()) {
            if (t.getDataType() == Onnx.TensorProto.DataType.FLOAT_VALUE) {
                long n = 1;
                for (long d : t.getDimsList()) {
                    n *= d;
                }
                sizes.put(t.getName(), n);
            }
        }
        List<OnnxClassifier.Node> nodes = new ArrayList<>();
        for (Onnx.NodeProto node : graph.getNodeList()) {
            long weights = 0;
            for (String in : node.getInputList()) {
                weights += sizes.getOrDefault(in, 0L);
            }
            String name = node.getName().isBlank() ? node.getOutput(0) : node.getName();
            nodes.add(new OnnxClassifier.Node(name, node.getOpType(), node.getOutput(0), weights));
        }
        return List.copyOf(nodes);
    }

    private static PixelScale findScale(OnnxClassifier classifier, String name, Progress progress) {
        progress.update("Finding which pixel values " + name + " expects…", 0.8);
        return InputScaling.best(s -> {
            progress.checkCancelled();
            return classifier.with(s, null);
        }, MnistSample.get());
    }

    /** The classifier with its scaling: the user's, else the one found (now, if the cache did not know it). */
    private static OnnxClassifier finish(OnnxClassifier classifier, String name, String architecture, PixelScale override,
                                         PixelScale found, Progress progress) {
        PixelScale scale = override != null ? override : found != null ? found : findScale(classifier, name, progress);
        ModelInfo info = new ModelInfo(ModelFiles.FORMAT_VERSION, ModelFiles.stripExtension(name), architecture,
                "SameDiff (imported ONNX)", null, Map.of(), 0, null, null,
                "expects " + scale.label + ", " + classifier.layout().label + (override != null ? " (as asked)" : ""), null);
        return classifier.with(scale, info);
    }

    /** ND4J's imported matmul carries alpha 0 and beta 1 as its t-arguments: the product vanishes. */
    static void fixMatmul(DynamicCustomOp op) {
        while (op.numTArguments() > 0) {
            op.removeTArgument(op.getTArgument(0));
        }
        op.addTArgument(1.0, 0.0);
    }

    private static SameDiff importGraph(Onnx.ModelProto model, String name) throws IOException {
        Path temp = Files.createTempFile("digit-studio-import", ".onnx");
        try {
            Files.write(temp, model.toByteArray());
            return quietly(() -> new OnnxFrameworkImporter().runImport(temp.toString(), Map.of(), true));
        } catch (RuntimeException | LinkageError e) {
            throw new ModelFormatException(name + " could not be imported: the ONNX importer failed on it ("
                    + com.digitstudio.support.UserMessages.causeLine(e) + ").", e);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /**
     * The importer prints its graph, op by op, to standard output (80 lines for the zoo model), which is the
     * command line's own output: it is silenced while the import runs. Imports run one at a time.
     */
    private static synchronized <T> T quietly(java.util.function.Supplier<T> work) {
        java.io.PrintStream out = System.out;
        System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        try {
            return work.get();
        } finally {
            System.setOut(out);
        }
    }

    record Rewritten(Onnx.GraphProto graph, String output, boolean softmaxRemoved) {
    }

    /** Constants become initializers, Gemm becomes MatMul + Add, a final Softmax is dropped. */
    static Rewritten rewrite(Onnx.GraphProto graph, String name) throws ModelFormatException {
        return rewrite(graph, name, java.util.EnumSet.allOf(Workaround.class));
    }

    static Rewritten rewrite(Onnx.GraphProto graph, String name, Set<Workaround> workarounds) throws ModelFormatException {
        Onnx.GraphProto.Builder b = graph.toBuilder().clearNode();
        Map<String, Onnx.TensorProto> inits = new java.util.HashMap<>();
        graph.getInitializerList().forEach(t -> inits.put(t.getName(), t));
        String output = graph.getOutput(0).getName();
        boolean softmaxRemoved = false;
        List<Onnx.NodeProto> nodes = new ArrayList<>(graph.getNodeList());
        Onnx.NodeProto last = nodes.get(nodes.size() - 1);
        if (last.getOpType().equals("Softmax") && last.getOutput(0).equals(output)
                && workarounds.contains(Workaround.FINAL_SOFTMAX_IN_JAVA)) {
            nodes.remove(nodes.size() - 1);
            output = last.getInput(0);
            softmaxRemoved = true;
            b.setOutput(0, graph.getOutput(0).toBuilder().setName(output));
        }
        for (Onnx.NodeProto node : nodes) {
            switch (node.getOpType()) {
                case "Constant" -> {
                    if (!workarounds.contains(Workaround.CONSTANTS_AS_INITIALIZERS)) {
                        b.addNode(node);
                        continue;
                    }
                    Onnx.AttributeProto value = node.getAttributeList().stream().filter(a -> a.getName().equals("value"))
                            .findFirst().orElseThrow(() -> new ModelFormatException(name + " has a Constant without a tensor value."));
                    b.addInitializer(value.getT().toBuilder().setName(node.getOutput(0)));
                }
                case "Gemm" -> {
                    if (workarounds.contains(Workaround.GEMM_AS_MATMUL_ADD)) {
                        gemm(node, inits, b, name);
                    } else {
                        b.addNode(node);
                    }
                }
                default -> b.addNode(node);
            }
        }
        return new Rewritten(b.build(), output, softmaxRemoved);
    }

    private static void gemm(Onnx.NodeProto node, Map<String, Onnx.TensorProto> inits, Onnx.GraphProto.Builder b,
                             String name) throws ModelFormatException {
        float alpha = 1;
        float beta = 1;
        long transA = 0;
        long transB = 0;
        for (Onnx.AttributeProto a : node.getAttributeList()) {
            switch (a.getName()) {
                case "alpha" -> alpha = a.getF();
                case "beta" -> beta = a.getF();
                case "transA" -> transA = a.getI();
                case "transB" -> transB = a.getI();
                default -> { }
            }
        }
        if (alpha != 1 || beta != 1 || transA != 0) {
            throw new ModelFormatException(name + " uses a Gemm with alpha, beta or transA, which this app cannot run.");
        }
        String weights = node.getInput(1);
        if (transB != 0) {
            Onnx.TensorProto w = inits.get(weights);
            if (w == null || w.getDimsCount() != 2) {
                throw new ModelFormatException(name + " uses a Gemm whose transposed weights are not a constant matrix.");
            }
            Onnx.TensorProto transposed = OnnxTensors.transpose(w, weights + "_t", name);
            b.addInitializer(transposed);
            weights = transposed.getName();
        }
        String product = node.getOutput(0) + (node.getInputCount() > 2 ? "_matmul" : "");
        b.addNode(Onnx.NodeProto.newBuilder().setOpType("MatMul").setName(node.getName() + "_matmul")
                .addInput(node.getInput(0)).addInput(weights).addOutput(product));
        if (node.getInputCount() > 2) {
            b.addNode(Onnx.NodeProto.newBuilder().setOpType("Add").setName(node.getName() + "_add")
                    .addInput(product).addInput(node.getInput(2)).addOutput(node.getOutput(0)));
        }
    }

    /** How the file lays out its one image, from its declared input shape. */
    enum Layout {
        NCHW("NCHW [N,1,28,28]", 1, 1, 28, 28), NHWC("NHWC [N,28,28,1]", 1, 28, 28, 1), FLAT("784 values [N,784]", 1, 784),
        SQUARE("[N,28,28]", 1, 28, 28);

        final String label;
        final long[] shape;

        Layout(String label, long... shape) {
            this.label = label;
            this.shape = shape;
        }

        static Layout of(Onnx.ValueInfoProto input, String name) throws ModelFormatException {
            List<Long> dims = new ArrayList<>();
            for (Onnx.TensorShapeProto.Dimension d : input.getType().getTensorType().getShape().getDimList()) {
                dims.add(d.hasDimValue() ? d.getDimValue() : -1L);
            }
            for (Layout layout : values()) {
                if (dims.size() == layout.shape.length) {
                    boolean match = true;
                    for (int i = 1; i < dims.size(); i++) {
                        match &= dims.get(i) == layout.shape[i];
                    }
                    if (match) {
                        return layout;
                    }
                }
            }
            throw new ModelFormatException(name + " takes input " + dims.toString().replace("-1", "?")
                    + ", not one 28×28 grey image (NCHW [N,1,28,28], NHWC [N,28,28,1] or [N,784]).");
        }
    }
}
