package com.digitstudio.app.draw;

import com.digitstudio.app.TestModels;
import com.digitstudio.ink.InkRasterizer;
import com.digitstudio.model.DigitClassifier;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The drawings the UI tests make are clear enough for the test model to read (so UI failures mean UI bugs). */
class DrawnDigitsTest {
    @Test
    void testModelReadsEachTestDrawingAsItsDigit() {
        DigitClassifier model = TestModels.model();
        InkRasterizer rasterizer = new InkRasterizer();
        double[][][] drawings = {DrawnDigits.ONE, DrawnDigits.SEVEN, DrawnDigits.ZERO, DrawnDigits.FOUR};
        int[] digits = {1, 7, 0, 4};
        for (int i = 0; i < drawings.length; i++) {
            float[] input = rasterizer.rasterize(DrawnDigits.ink(drawings[i])).orElseThrow();
            Prediction prediction = new Prediction(model.predict(input), input, 0);
            assertThat(prediction.digit()).as("digit read from %s (p=%s)", digits[i],
                    java.util.Arrays.toString(prediction.probabilities())).isEqualTo(digits[i]);
        }
    }
}
