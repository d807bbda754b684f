package com.digitstudio.model;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The same network built the usual DL4J way, as a {@code MultiLayerNetwork} of layers, for the benchmark's
 * comparison (DL4J's layer API runs a generic convolution in 1.0.0-M2.1; docs/decisions/0001-engine-samediff.md).
 * Dropout 0.4 on the dense layer's output: DL4J applies a layer's dropout to its input, and takes the keep
 * probability.
 */
public final class ReferenceNetwork {
    private final MultiLayerNetwork network;

    public ReferenceNetwork(long seed, double learningRate, double dropout) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .convolutionMode(ConvolutionMode.Same)
                .list()
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(32).stride(1, 1).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(5, 5).nOut(64).stride(1, 1).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(CnnNetwork.HIDDEN).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nOut(DigitClassifier.CLASSES)
                        .activation(Activation.SOFTMAX).dropOut(1 - dropout).build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1))
                .build();
        network = new MultiLayerNetwork(conf);
        network.init();
    }

    /** One optimisation step on {@code pixels} (n×784) with digit {@code labels}; returns the batch's loss. */
    public double fit(float[] pixels, int[] labels) {
        int n = labels.length;
        float[] oneHot = new float[n * DigitClassifier.CLASSES];
        for (int i = 0; i < n; i++) {
            oneHot[i * DigitClassifier.CLASSES + labels[i]] = 1;
        }
        DataSet batch = new DataSet(Nd4j.createFromArray(pixels).reshape(n, DigitClassifier.INPUTS),
                Nd4j.createFromArray(oneHot).reshape(n, DigitClassifier.CLASSES));
        network.fit(batch);
        return network.score();
    }
}
