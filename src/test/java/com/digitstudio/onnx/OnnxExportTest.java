package com.digitstudio.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.digitstudio.Fixtures;
import com.digitstudio.cli.Cli;
import com.digitstudio.data.MnistData;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.ShippedModel;
import onnx.Onnx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped model exported to ONNX and run by ONNX Runtime, an independent reader: on all 10,000 MNIST test images
 * it gives the same digits as our engine, probabilities within 1e-4, and the shipped model's 99.59%.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OnnxExportTest {
    @TempDir
    static Path dir;

    private CnnNetwork network;
    private MnistSet test;
    private Path file;

    @BeforeAll
    void export() throws Exception {
        network = ShippedModel.load();
        test = MnistData.load(Fixtures.fullTestSet(), MnistData.Split.TEST);
        file = dir.resolve("digit-studio.onnx");
        OnnxExport.write(network, file);
    }

    @AfterAll
    void close() {
        network.close();
    }

    @Test
    void theFileDeclaresOpset13AndItsInputAndOutput() throws Exception {
        Onnx.ModelProto model = Onnx.ModelProto.parseFrom(Files.readAllBytes(file));
        assertThat(model.getOpsetImport(0).getVersion()).isEqualTo(13);
        assertThat(model.getGraph().getInput(0).getName()).isEqualTo("input");
        assertThat(model.getGraph().getInput(0).getType().getTensorType().getShape().getDimList())
                .extracting(d -> d.hasDimValue() ? String.valueOf(d.getDimValue()) : d.getDimParam())
                .containsExactly("N", "1", "28", "28");
        assertThat(model.getGraph().getOutput(0).getName()).isEqualTo("probabilities");
        assertThat(model.getGraph().getNodeList()).extracting(Onnx.NodeProto::getOpType).containsExactly(
                "Conv", "Relu", "MaxPool", "Conv", "Relu", "MaxPool", "Flatten", "Gemm", "Relu", "Gemm", "Softmax");
    }

    @Test
    void onnxRuntimeReadsItAsOurEngineDoesOnTheWholeTestSet() throws Exception {
        int n = test.size();
        int batch = 500;
        int agree = 0;
        int correctOrt = 0;
        int correctOurs = 0;
        double maxDiff = 0;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(file.toString(), options)) {
                for (int start = 0; start < n; start += batch) {
                    int m = Math.min(batch, n - start);
                    float[] pixels = new float[m * 784];
                    for (int i = 0; i < m; i++) {
                        test.copyPixels(start + i, pixels, i * 784);
                    }
                    float[][] ours = network.predict(pixels, m);
                    float[][] theirs;
                    try (OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(pixels), new long[]{m, 1, 28, 28});
                         OrtSession.Result result = session.run(Map.of("input", input))) {
                        theirs = (float[][]) result.get(0).getValue();
                    }
                    for (int i = 0; i < m; i++) {
                        int label = test.label(start + i);
                        int a = Evaluator.argmax(ours[i]);
                        int b = Evaluator.argmax(theirs[i]);
                        agree += a == b ? 1 : 0;
                        correctOurs += a == label ? 1 : 0;
                        correctOrt += b == label ? 1 : 0;
                        for (int k = 0; k < 10; k++) {
                            maxDiff = Math.max(maxDiff, Math.abs(ours[i][k] - theirs[i][k]));
                        }
                    }
                }
            }
        }
        assertThat(agree).as("same digit for every image").isEqualTo(n);
        assertThat(maxDiff).as("largest probability difference").isLessThan(1e-4);
        assertThat(correctOrt).isEqualTo(correctOurs);
        assertThat(correctOrt / (double) n).as("ONNX Runtime's accuracy").isEqualTo(0.9959);
    }

    @Test
    void theExportCommandWritesTheFileAndSaysWhatItExpects() {
        Path out = dir.resolve("cli.onnx");
        StringWriter stdout = new StringWriter();
        StringWriter stderr = new StringWriter();
        int code = Cli.run(new PrintWriter(stdout, true), new PrintWriter(stderr, true),
                "export", "--format", "onnx", "--out", out.toString());
        assertThat(code).as(stderr.toString()).isZero();
        assertThat(out).exists();
        assertThat(stdout.toString()).contains("opset 13", "[N,1,28,28]");
    }

    @Test
    void anUnknownFormatIsOneSentence() {
        StringWriter stderr = new StringWriter();
        int code = Cli.run(new PrintWriter(new StringWriter()), new PrintWriter(stderr, true),
                "export", "--format", "tflite", "--out", dir.resolve("x").toString());
        assertThat(code).isNotZero();
        assertThat(stderr.toString().strip()).isEqualTo("digit-studio: --format must be onnx (got tflite).");
    }
}
