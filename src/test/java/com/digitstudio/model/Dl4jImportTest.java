package com.digitstudio.model;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Loading DL4J ModelSerializer zips made elsewhere through ModelFiles.load. */
class Dl4jImportTest {
    @TempDir
    Path dir;

    private static float[] images(int n) {
        SplittableRandom random = new SplittableRandom(5);
        float[] pixels = new float[n * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (float) random.nextDouble();
        }
        return pixels;
    }

    private static MultiLayerNetwork dense(int inputs, int outputs, Activation outputActivation) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(inputs).nOut(16).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(outputActivation == Activation.SOFTMAX ? LossFunction.MCXENT : LossFunction.MSE)
                        .nIn(16).nOut(outputs).activation(outputActivation).build())
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        return network;
    }

    private Path save(org.deeplearning4j.nn.api.Model network, String name) throws IOException {
        Path file = dir.resolve(name);
        ModelSerializer.writeModel(network, file.toFile(), false);
        return file;
    }

    private static void assertRowsAreProbabilities(float[][] rows, int n) {
        assertThat(rows).hasNumberOfRows(n);
        for (float[] row : rows) {
            assertThat(row).hasSize(10);
            double sum = 0;
            for (float p : row) {
                assertThat(p).isBetween(0f, 1f);
                sum += p;
            }
            assertThat(sum).isCloseTo(1.0, within(1e-5));
        }
    }

    @Test
    void loadsAMultiLayerNetworkTaking784Values() throws IOException {
        MultiLayerNetwork network = dense(784, 10, Activation.SOFTMAX);
        Path file = save(network, "mlp.zip");
        float[] pixels = images(3);

        DigitClassifier loaded = ModelFiles.load(file);
        float[][] rows = loaded.predict(pixels, 3);

        assertRowsAreProbabilities(rows, 3);
        float[][] expected = network.output(Nd4j.createFromArray(pixels).reshape(3, 784), false).toFloatMatrix();
        for (int i = 0; i < 3; i++) {
            assertThat(rows[i]).containsExactly(expected[i], within(1e-6f));
        }
        assertThat(loaded.predict(java.util.Arrays.copyOf(pixels, 784))).containsExactly(expected[0], within(1e-6f));
        assertThat(loaded.info().name()).isEqualTo("mlp");
        assertThat(loaded.info().engine()).isEqualTo("DL4J MultiLayerNetwork (imported)");
    }

    @Test
    void appliesSoftmaxToANetworkThatGivesRawScores() throws IOException {
        MultiLayerNetwork network = dense(784, 10, Activation.IDENTITY);
        Path file = save(network, "logits.zip");
        float[] pixels = images(2);

        float[][] rows = ModelFiles.load(file).predict(pixels, 2);

        assertRowsAreProbabilities(rows, 2);
        INDArray scores = network.output(Nd4j.createFromArray(pixels).reshape(2, 784), false);
        float[][] expected = Transforms.softmax(scores, true).toFloatMatrix();
        assertThat(rows[1]).containsExactly(expected[1], within(1e-6f));
    }

    @Test
    void loadsAComputationGraph() throws IOException {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).graphBuilder()
                .addInputs("pixels")
                .addLayer("hidden", new DenseLayer.Builder().nIn(784).nOut(16).activation(Activation.RELU).build(), "pixels")
                .addLayer("digits", new OutputLayer.Builder(LossFunction.MCXENT).nIn(16).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "hidden")
                .setOutputs("digits")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        Path file = save(graph, "graph.zip");
        float[] pixels = images(4);

        DigitClassifier loaded = ModelFiles.load(file);
        float[][] rows = loaded.predict(pixels, 4);

        assertRowsAreProbabilities(rows, 4);
        float[][] expected = graph.outputSingle(false, Nd4j.createFromArray(pixels).reshape(4, 784)).toFloatMatrix();
        assertThat(rows[3]).containsExactly(expected[3], within(1e-6f));
        assertThat(loaded.info().engine()).isEqualTo("DL4J ComputationGraph (imported)");
    }

    @Test
    void loadsAConvolutionalNetworkTakingA28By28By1Image() throws IOException {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(2).stride(2, 2).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        Path file = save(network, "cnn.zip");
        float[] pixels = images(2);

        DigitClassifier loaded = ModelFiles.load(file);
        float[][] rows = loaded.predict(pixels, 2);

        assertRowsAreProbabilities(rows, 2);
        assertThat(loaded.info().architecture()).isEqualTo("DL4J 28x28x1-input network");
        float[][] expected = network.output(Nd4j.createFromArray(pixels).reshape(2, 1, 28, 28), false).toFloatMatrix();
        assertThat(rows[0]).containsExactly(expected[0], within(1e-6f));
    }

    @Test
    void aDl4jNetworksSummaryListsItsLayersWithShapesAndParameters() throws IOException {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(2).stride(2, 2).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
        MultiLayerNetwork network = new MultiLayerNetwork(conf);
        network.init();
        DigitClassifier loaded = ModelFiles.load(save(network, "summary.zip"));

        assertThat(loaded.layers()).extracting(DigitClassifier.Layer::type)
                .containsExactly("Input", "ConvolutionLayer", "SubsamplingLayer", "OutputLayer");
        assertThat(loaded.layers()).extracting(DigitClassifier.Layer::outputShape)
                .containsExactly(List.of(1L, 28L, 28L), List.of(2L, 12L, 12L), List.of(2L, 6L, 6L), List.of(10L));
        assertThat(loaded.layers().stream().mapToLong(DigitClassifier.Layer::parameters).sum()).isEqualTo(network.numParams());
    }

    @Test
    void refusesANetworkWithFiveOutputs() throws IOException {
        Path file = save(dense(784, 5, Activation.SOFTMAX), "five.zip");

        assertThatThrownBy(() -> ModelFiles.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("five.zip gives [5] outputs; a digit model must give 10 class scores.");
    }

    @Test
    void refusesANetworkWhoseInputIs100Values() throws IOException {
        Path file = save(dense(100, 10, Activation.SOFTMAX), "hundred.zip");

        assertThatThrownBy(() -> ModelFiles.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("hundred.zip does not take one 28×28 grey image as input (784 values, [1,28,28], [28,28,1] or [28,28]); for 784 values it says: ")
                .hasMessageEndingWith(").")
                .message().doesNotContain("\n");
    }

    @Test
    void refusesAGraphWithTwoInputs() throws IOException {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).graphBuilder()
                .addInputs("a", "b")
                .addVertex("both", new org.deeplearning4j.nn.conf.graph.MergeVertex(), "a", "b")
                .addLayer("digits", new OutputLayer.Builder(LossFunction.MCXENT).nIn(1568).nOut(10)
                        .activation(Activation.SOFTMAX).build(), "both")
                .setOutputs("digits")
                .build();
        ComputationGraph graph = new ComputationGraph(conf);
        graph.init();
        Path file = save(graph, "two-inputs.zip");

        assertThatThrownBy(() -> ModelFiles.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessage("two-inputs.zip is a network with 2 inputs and 1 outputs; a digit model has one of each.");
    }

    @Test
    void refusesADl4jZipItCannotRead() throws IOException {
        Path file = ModelFilesTest.zip(dir.resolve("broken.zip"),
                Map.of("configuration.json", "{\"confs\": [ not json".getBytes(StandardCharsets.UTF_8)));

        assertThatThrownBy(() -> ModelFiles.load(file))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageStartingWith("broken.zip looks like a DL4J model but could not be read: ")
                .message().doesNotContain("\n");
    }
}
