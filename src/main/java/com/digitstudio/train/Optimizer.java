package com.digitstudio.train;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

/** The optimisers a user can pick. */
public enum Optimizer {
    /** Plain stochastic gradient descent, as in the TensorFlow tutorial. */
    SGD,
    /** SGD with Nesterov momentum 0.9. */
    MOMENTUM,
    /** Adam (β1 0.9, β2 0.999, ε 1e-8). */
    ADAM;

    IUpdater updater(double learningRate, ISchedule schedule) {
        return switch (this) {
            case SGD -> schedule == null ? new Sgd(learningRate) : new Sgd(schedule);
            case MOMENTUM -> schedule == null ? new Nesterovs(learningRate, 0.9) : new Nesterovs(schedule, 0.9);
            case ADAM -> schedule == null ? new Adam(learningRate) : new Adam(schedule);
        };
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
