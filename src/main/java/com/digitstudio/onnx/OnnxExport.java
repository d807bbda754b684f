package com.digitstudio.onnx;

import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.ModelInfo;
import com.digitstudio.support.AtomicFiles;
import onnx.Onnx;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes the network as a standard ONNX model (opset 13, IR version 7), using the ONNX protobuf classes that ND4J
 * already ships. Input {@code "input"}: float {@code [N, 1, 28, 28]} (NCHW), pixels in [0, 1] with ink = 1, the same
 * 28×28 image the app feeds its own network (see {@link ModelInfo#NORMALISATION}); output {@code "probabilities"}:
 * {@code [N, 10]}, the softmax. The graph is Conv → Relu → MaxPool → Conv → Relu → MaxPool → Flatten → Gemm → Relu →
 * Gemm → Softmax. Our network computes in NHWC with YXIO weights; the export turns the convolution weights into
 * ONNX's OIHW and reorders the dense layer's rows from NHWC to NCHW flattening, so the file needs no Transpose.
 * Dropout is a training-time layer and is not exported.
 */
public final class OnnxExport {
    public static final int OPSET = 13;
    static final int IR_VERSION = 7;
    public static final String INPUT = "input";
    public static final String OUTPUT = "probabilities";

    private OnnxExport() {
    }

    /** Writes {@code network} to {@code target} atomically. */
    public static void write(CnnNetwork network, Path target) throws IOException {
        byte[] bytes = model(network).toByteArray();
        AtomicFiles.write(target, out -> out.write(bytes));
    }

    /** The ONNX model of {@code network}. */
    public static Onnx.ModelProto model(CnnNetwork network) {
        Map<String, INDArray> p = network.parameters();
        Onnx.GraphProto.Builder graph = Onnx.GraphProto.newBuilder().setName("digit_studio_cnn");
        graph.addInitializer(tensor("conv1_w", p.get("conv1_w").permute(3, 2, 0, 1)));
        graph.addInitializer(tensor("conv1_b", p.get("conv1_b")));
        graph.addInitializer(tensor("conv2_w", p.get("conv2_w").permute(3, 2, 0, 1)));
        graph.addInitializer(tensor("conv2_b", p.get("conv2_b")));
        graph.addInitializer(tensor("dense_w", nchwRows(p.get("dense_w"))));
        graph.addInitializer(tensor("dense_b", p.get("dense_b")));
        graph.addInitializer(tensor("logits_w", p.get("logits_w")));
        graph.addInitializer(tensor("logits_b", p.get("logits_b")));

        graph.addNode(conv("conv1", INPUT, "conv1_w", "conv1_b", "conv1_out"));
        graph.addNode(node("Relu", "relu1", "relu1_out", "conv1_out"));
        graph.addNode(pool("pool1", "relu1_out", "pool1_out"));
        graph.addNode(conv("conv2", "pool1_out", "conv2_w", "conv2_b", "conv2_out"));
        graph.addNode(node("Relu", "relu2", "relu2_out", "conv2_out"));
        graph.addNode(pool("pool2", "relu2_out", "pool2_out"));
        graph.addNode(node("Flatten", "flatten", "flat", "pool2_out").addAttribute(ints("axis", 1)));
        graph.addNode(node("Gemm", "dense", "dense_out", "flat", "dense_w", "dense_b"));
        graph.addNode(node("Relu", "relu3", "relu3_out", "dense_out"));
        graph.addNode(node("Gemm", "logits", "logits_out", "relu3_out", "logits_w", "logits_b"));
        graph.addNode(node("Softmax", "softmax", OUTPUT, "logits_out").addAttribute(ints("axis", 1)));

        graph.addInput(value(INPUT, "N", 1, 28, 28));
        graph.addOutput(value(OUTPUT, "N", 10));

        ModelInfo info = network.info();
        Onnx.ModelProto.Builder model = Onnx.ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("Digit Studio")
                .setProducerVersion("1.0.0")
                .setModelVersion(1)
                .setDocString("MNIST CNN (TensorFlow tutorial architecture). Input: float [N,1,28,28], "
                        + ModelInfo.NORMALISATION + ". Output: softmax probabilities [N,10].")
                .addOpsetImport(Onnx.OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph);
        model.addMetadataProps(entry("input_convention", "NCHW [N,1,28,28] float, pixel/255 in [0,1], ink = 1"));
        if (info != null && info.name() != null) {
            model.addMetadataProps(entry("name", info.name()));
        }
        if (info != null && info.testAccuracy() != null) {
            model.addMetadataProps(entry("mnist_test_accuracy", String.valueOf(info.testAccuracy())));
        }
        return model.build();
    }

    /**
     * Our dense weights' rows follow NHWC flattening of the 7×7×64 maps, {@code (h·7 + w)·64 + c}; ONNX's
     * Flatten of an NCHW tensor gives {@code c·49 + h·7 + w}.
     */
    static INDArray nchwRows(INDArray dense) {
        long units = dense.size(1);
        return dense.reshape('c', 7, 7, 64, units).permute(2, 0, 1, 3).dup('c').reshape('c', 7 * 7 * 64, units);
    }

    private static Onnx.TensorProto tensor(String name, INDArray array) {
        INDArray c = array.dup('c');
        float[] values = c.data().asFloat();
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        Onnx.TensorProto.Builder t = Onnx.TensorProto.newBuilder().setName(name)
                .setDataType(Onnx.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : c.shape()) {
            t.addDims(d);
        }
        return t.build();
    }

    private static Onnx.NodeProto.Builder node(String op, String name, String output, String... inputs) {
        Onnx.NodeProto.Builder n = Onnx.NodeProto.newBuilder().setOpType(op).setName(name).addOutput(output);
        for (String input : inputs) {
            n.addInput(input);
        }
        return n;
    }

    private static Onnx.NodeProto.Builder conv(String name, String input, String w, String b, String output) {
        return node("Conv", name, output, input, w, b)
                .addAttribute(ints("kernel_shape", 5, 5))
                .addAttribute(ints("pads", 2, 2, 2, 2))
                .addAttribute(ints("strides", 1, 1))
                .addAttribute(ints("dilations", 1, 1))
                .addAttribute(ints("group", 1));
    }

    private static Onnx.NodeProto.Builder pool(String name, String input, String output) {
        return node("MaxPool", name, output, input)
                .addAttribute(ints("kernel_shape", 2, 2))
                .addAttribute(ints("strides", 2, 2));
    }

    /** An INT attribute for one value, an INTS attribute for several. */
    private static Onnx.AttributeProto ints(String name, long... values) {
        Onnx.AttributeProto.Builder a = Onnx.AttributeProto.newBuilder().setName(name);
        if (values.length == 1 && !name.equals("kernel_shape") && !name.equals("strides")) {
            return a.setType(Onnx.AttributeProto.AttributeType.INT).setI(values[0]).build();
        }
        a.setType(Onnx.AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static Onnx.ValueInfoProto value(String name, String batch, long... dims) {
        Onnx.TensorShapeProto.Builder shape = Onnx.TensorShapeProto.newBuilder()
                .addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimParam(batch));
        for (long d : dims) {
            shape.addDim(Onnx.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return Onnx.ValueInfoProto.newBuilder().setName(name)
                .setType(Onnx.TypeProto.newBuilder().setTensorType(Onnx.TypeProto.Tensor.newBuilder()
                        .setElemType(Onnx.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    private static Onnx.StringStringEntryProto entry(String key, String value) {
        return Onnx.StringStringEntryProto.newBuilder().setKey(key).setValue(value).build();
    }
}
