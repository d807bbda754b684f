package com.digitstudio.adapt;

import com.digitstudio.data.MnistSample;
import com.digitstudio.data.MnistSet;
import com.digitstudio.eval.Evaluator;
import com.digitstudio.model.CnnNetwork;
import com.digitstudio.model.ShippedModel;
import com.digitstudio.support.Progress;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fine-tuning a copy on a few drawings of one "hand": here digits drawn small in a corner (shifted 5 pixels
 * right and down, a habit the network never saw centred MNIST have), rehearsing on other MNIST images.
 */
class FineTunerTest {
    private static float[] shifted(float[] image, int by) {
        float[] out = new float[784];
        for (int y = 0; y + by < 28; y++) {
            for (int x = 0; x + by < 28; x++) {
                out[(y + by) * 28 + x + by] = image[y * 28 + x];
            }
        }
        return out;
    }

    private static double meanLoss(CnnNetwork network, List<FineTuner.Shot> shots) {
        double sum = 0;
        for (FineTuner.Shot s : shots) {
            sum += -Math.log(Math.max(1e-12, network.predict(s.pixels())[s.label()]));
        }
        return sum / shots.size();
    }

    @Test
    void theCopyLearnsTheHandKeepsMnistAndTheOriginalIsUntouched() throws Exception {
        MnistSet sample = MnistSample.get();
        List<FineTuner.Shot> shots = new ArrayList<>();
        List<FineTuner.Shot> others = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            FineTuner.Shot shot = new FineTuner.Shot(shifted(sample.pixels(i), 5), sample.label(i));
            (i < 40 ? shots : others).add(shot);
        }
        MnistSet rehearsal = sample.head(250);
        try (CnnNetwork base = ShippedModel.load()) {
            Map<String, float[]> before = base.weights();
            CnnNetwork taught = FineTuner.adapt(base, shots, rehearsal, AdaptConfig.standard(), Progress.NONE);
            // the same hand, drawings it was not taught on: read better
            assertThat(meanLoss(taught, others)).isLessThan(meanLoss(base, others) * 0.8);
            // MNIST images it did not rehearse on: still read
            MnistSet unseen = new MnistSet(Arrays.copyOfRange(rawImages(sample), 400 * 784, 500 * 784),
                    Arrays.copyOfRange(rawLabels(sample), 400, 500));
            assertThat(Evaluator.evaluate(taught, unseen).accuracy()).isGreaterThanOrEqualTo(0.97);
            Map<String, float[]> after = base.weights();
            for (String name : before.keySet()) {
                assertThat(Arrays.mismatch(after.get(name), before.get(name))).as(name).isEqualTo(-1);
            }
            taught.close();
        }
    }

    @Test
    void theSameDrawingsAndSeedTeachTheSameWeights() throws Exception {
        MnistSet sample = MnistSample.get();
        List<FineTuner.Shot> shots = List.of(new FineTuner.Shot(sample.pixels(0), sample.label(0)),
                new FineTuner.Shot(sample.pixels(1), sample.label(1)));
        AdaptConfig quick = new AdaptConfig(3, 20, 10, 1e-3, 0.4, false, 7);
        try (CnnNetwork base = ShippedModel.load();
             CnnNetwork a = FineTuner.adapt(base, shots, sample, quick, Progress.NONE);
             CnnNetwork b = FineTuner.adapt(base, shots, sample, quick, Progress.NONE)) {
            float[] wa = a.weights().get("dense_w");
            float[] wb = b.weights().get("dense_w");
            double worst = 0;
            for (int i = 0; i < wa.length; i++) {
                worst = Math.max(worst, Math.abs(wa[i] - wb[i]));
            }
            assertThat(Arrays.mismatch(wa, wb)).as("largest difference %s", worst).isEqualTo(-1);
            assertThat(Arrays.mismatch(a.weights().get("conv1_w"), base.weights().get("conv1_w")))
                    .as("the convolutions are not tuned").isEqualTo(-1);
            assertThat(Arrays.mismatch(wa, base.weights().get("dense_w"))).isNotEqualTo(-1);
        }
    }

    @Test
    void aCancelledTeachingStops() throws Exception {
        MnistSet sample = MnistSample.get();
        Progress cancelled = new Progress() {
            @Override
            public void update(String message, double fraction) {
            }

            @Override
            public boolean cancelled() {
                return true;
            }
        };
        try (CnnNetwork base = ShippedModel.load()) {
            assertThatThrownBy(() -> FineTuner.adapt(base, List.of(new FineTuner.Shot(sample.pixels(0), 7)), sample,
                    AdaptConfig.standard(), cancelled)).isInstanceOf(CancellationException.class);
        }
    }

    private static byte[] rawImages(MnistSet set) {
        byte[] out = new byte[set.size() * 784];
        for (int i = 0; i < set.size(); i++) {
            float[] p = set.pixels(i);
            for (int k = 0; k < 784; k++) {
                out[i * 784 + k] = (byte) Math.round(p[k] * 255);
            }
        }
        return out;
    }

    private static byte[] rawLabels(MnistSet set) {
        byte[] out = new byte[set.size()];
        for (int i = 0; i < set.size(); i++) {
            out[i] = (byte) set.label(i);
        }
        return out;
    }
}
