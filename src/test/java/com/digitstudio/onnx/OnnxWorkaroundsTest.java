package com.digitstudio.onnx;

import com.digitstudio.data.MnistSample;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.DigitClassifier;
import com.digitstudio.model.ModelFormatException;
import com.digitstudio.model.PixelScale;
import com.digitstudio.model.ShippedModel;
import com.digitstudio.support.Progress;
import onnx.Onnx;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The work-arounds for DL4J 1.0.0-M2.1's ONNX importer, left out in turn: without each of three the file fails to
 * import or reads digits wrongly (the fourth, the final Softmax, could not be made to fail with the files at hand); with all four it reads them as the original network does (ours: the probabilities
 * of the shipped CnnNetwork; the zoo's: 98.90% elsewhere, here at least 98% of the 500 built-in images).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnnxWorkaroundsTest {
    @TempDir
    static Path dir;

    private CnnNetwork shipped;
    private Path ours;
    private Path zoo;
    private final MnistSet sample = MnistSample.get().head(100);

    @BeforeAll
    void files() throws Exception {
        shipped = ShippedModel.load();
        ours = dir.resolve("ours.onnx");
        OnnxExport.write(shipped, ours);
        zoo = Path.of(OnnxWorkaroundsTest.class.getResource("/onnx/mnist-8.onnx").toURI());
    }

    private DigitClassifier load(Path file, Set<OnnxImport.Workaround> workarounds) throws IOException {
        Path cache = Files.createTempDirectory(dir, "cache");
        return OnnxImport.load(file, PixelScale.UNIT, Progress.NONE, new ImportCache(cache), workarounds);
    }

    private static Set<OnnxImport.Workaround> allBut(OnnxImport.Workaround left) {
        EnumSet<OnnxImport.Workaround> set = EnumSet.allOf(OnnxImport.Workaround.class);
        set.remove(left);
        return set;
    }

    /** The largest difference from the shipped network's probabilities over the sample. */
    private double differenceFromShipped(DigitClassifier model) {
        double worst = 0;
        for (int i = 0; i < sample.size(); i++) {
            float[] expected = shipped.predict(sample.pixels(i));
            float[] actual = model.predict(sample.pixels(i));
            for (int k = 0; k < 10; k++) {
                worst = Math.max(worst, Math.abs(expected[k] - actual[k]));
            }
        }
        return worst;
    }

    @Test
    void withoutTheMatmulFixTheZooModelAnswersNonsense() throws IOException {
        try (DigitClassifier fixed = load(zoo, EnumSet.allOf(OnnxImport.Workaround.class));
             DigitClassifier broken = load(zoo, allBut(OnnxImport.Workaround.MATMUL_ALPHA_BETA))) {
            assertThat(Evaluator.evaluate(fixed, MnistSample.get()).accuracy()).isGreaterThan(0.98);
            assertThat(Evaluator.evaluate(broken, sample).accuracy()).isLessThan(0.3);
        }
    }

    @Test
    void withoutTheGemmRewriteOurExportLosesItsBiases() throws IOException {
        try (DigitClassifier fixed = load(ours, EnumSet.allOf(OnnxImport.Workaround.class))) {
            assertThat(differenceFromShipped(fixed)).isLessThan(1e-4);
        }
        try (DigitClassifier broken = load(ours, allBut(OnnxImport.Workaround.GEMM_AS_MATMUL_ADD))) {
            // the shipped network's biases are small, so the loss shows as ~0.7% of probability, not as wrong digits
            assertThat(differenceFromShipped(broken)).isGreaterThan(1e-3);
        } catch (ModelFormatException refused) {
            assertThat(refused.getMessage()).startsWith("ours.onnx could not be imported");
        }
    }

    /**
     * The notes saw a keras2onnx file fail with "Unprocessed nodes: [Softmax]"; no file at hand reproduces that
     * (our opset-13 export imports with its Softmax, with axis 1 or -1), so this checks what the work-around must
     * not do: change the answers where the importer copes.
     */
    @Test
    void droppingTheFinalSoftmaxAndApplyingItInJavaGivesTheGraphsOwnProbabilities() throws IOException {
        try (DigitClassifier dropped = load(ours, EnumSet.allOf(OnnxImport.Workaround.class));
             DigitClassifier kept = load(ours, allBut(OnnxImport.Workaround.FINAL_SOFTMAX_IN_JAVA))) {
            for (int i = 0; i < sample.size(); i++) {
                float[] a = dropped.predict(sample.pixels(i));
                float[] b = kept.predict(sample.pixels(i));
                for (int k = 0; k < 10; k++) {
                    assertThat((double) a[k]).isCloseTo(b[k], org.assertj.core.api.Assertions.within(1e-5));
                }
            }
        }
    }

    @Test
    void withoutTurningConstantsIntoInitializersAReshapesInt64ShapeBreaks() throws IOException {
        // our export with its Flatten replaced by a Reshape to [-1, 3136] whose shape is an INT64 Constant node
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(Files.readAllBytes(ours));
        Onnx.GraphProto.Builder graph = model.getGraph().toBuilder().clearNode();
        for (Onnx.NodeProto node : model.getGraph().getNodeList()) {
            if (node.getOpType().equals("Flatten")) {
                Onnx.TensorProto shape = Onnx.TensorProto.newBuilder().setName("flat_shape").addDims(2)
                        .setDataType(Onnx.TensorProto.DataType.INT64_VALUE).addInt64Data(-1).addInt64Data(3136).build();
                graph.addNode(Onnx.NodeProto.newBuilder().setOpType("Constant").setName("flat_shape_const")
                        .addOutput("flat_shape").addAttribute(Onnx.AttributeProto.newBuilder().setName("value")
                                .setType(Onnx.AttributeProto.AttributeType.TENSOR).setT(shape)));
                graph.addNode(Onnx.NodeProto.newBuilder().setOpType("Reshape").setName("reshape")
                        .addInput(node.getInput(0)).addInput("flat_shape").addOutput(node.getOutput(0)));
            } else {
                graph.addNode(node);
            }
        }
        Path reshaped = Files.write(dir.resolve("reshaped.onnx"), model.toBuilder().setGraph(graph).build().toByteArray());
        try (DigitClassifier fixed = load(reshaped, EnumSet.allOf(OnnxImport.Workaround.class))) {
            assertThat(differenceFromShipped(fixed)).isLessThan(1e-4);
        }
        try (DigitClassifier broken = load(reshaped, allBut(OnnxImport.Workaround.CONSTANTS_AS_INITIALIZERS))) {
            assertThat(differenceFromShipped(broken)).isGreaterThan(1e-2);
        } catch (ModelFormatException | RuntimeException refused) {
            assertThat(refused.getMessage()).isNotBlank();
        }
    }
}
