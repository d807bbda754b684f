package com.digitstudio.train;

import java.util.Locale;

/** Named starting points for training; every value can be overridden. */
public enum Preset {
    /**
     * Exactly the TensorFlow tutorial: plain SGD at 0.001, batch 100, 20,000 steps over shuffled data, dropout
     * 0.4, no augmentation. The tutorial reports 97.33% test accuracy (loss 0.0902).
     */
    TUTORIAL("The TensorFlow tutorial's recipe: SGD 0.001, batch 100, 20,000 steps (reports 97.33%).",
            new TrainingConfig("tutorial", 20_000, 100, 0.001, Optimizer.SGD, Schedule.CONSTANT, 0.4, false, 42, 1000, 500)),
    /** The quickest way we measured to 99%: Adam with a cosine decay over two epochs. */
    FAST("Adam 0.002 with cosine decay, batch 100, 1,200 steps (2 epochs): 99% in a few minutes.",
            new TrainingConfig("fast", 1_200, 100, 0.002, Optimizer.ADAM, Schedule.COSINE, 0.4, false, 42, 300, 200)),
    /** The recipe of the shipped model: longer, with augmentation, so that it reads drawn digits. */
    ROBUST("The shipped model's recipe: Adam with cosine decay and augmented data, 15 epochs.",
            new TrainingConfig("robust", 9_000, 100, 0.002, Optimizer.ADAM, Schedule.COSINE, 0.4, true, 42, 1000, 300));

    private final String description;
    private final TrainingConfig config;

    Preset(String description, TrainingConfig config) {
        this.description = description;
        this.config = config;
    }

    public TrainingConfig config() {
        return config;
    }

    public String description() {
        return description;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Preset parse(String text) {
        for (Preset preset : values()) {
            if (preset.label().equalsIgnoreCase(text.trim())) {
                return preset;
            }
        }
        throw new IllegalArgumentException("Unknown preset '" + text + "'; choose tutorial, fast or robust.");
    }
}
