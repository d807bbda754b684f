package com.digitstudio.adapt;

/**
 * How a copy of the network is taught one person's handwriting from a few drawings. Chosen on principles, once, on
 * the public UNIPEN split's mean (never per writer), and kept for everyone:
 * <ul>
 *   <li>only the dense layers learn ({@link #tuneConvolutions} false): the convolutions, trained on 60,000 digits,
 *       already see strokes; a new hand is a new way of combining them, and 20 drawings cannot retrain 52 K
 *       convolution weights without fitting their noise;</li>
 *   <li>every batch mixes the user's drawings, each distorted afresh (the training augmentation: shift, rotation,
 *       scale, elastic, pen width) so the network learns the hand, not the exact drawing, with MNIST training
 *       images, so it does not forget everyone else (rehearsal);</li>
 *   <li>Adam at training's own rate (1e-3: the dense layers start from a good place, and 60 steps are few) with
 *       dropout as in training, for a few seconds' work.</li>
 * </ul>
 */
public record AdaptConfig(int steps, int batch, int userPerBatch, double learningRate, double dropout,
                          boolean tuneConvolutions, long seed) {
    public AdaptConfig {
        if (steps < 1 || batch < 1 || userPerBatch < 1 || userPerBatch > batch) {
            throw new IllegalArgumentException("steps, batch and user drawings per batch must be positive, at most the batch");
        }
        if (!(learningRate > 0) || !(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("the learning rate must be positive and the dropout in [0, 1)");
        }
    }

    public static AdaptConfig standard() {
        return new AdaptConfig(60, 100, 30, 1e-3, 0.4, false, 1);
    }

    public AdaptConfig withSeed(long newSeed) {
        return new AdaptConfig(steps, batch, userPerBatch, learningRate, dropout, tuneConvolutions, newSeed);
    }
}
