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

    /** ND4J's updater, taking its learning rate from {@code schedule} at every step. */
    IUpdater updater(ISchedule schedule) {
        return switch (this) {
            case SGD -> new Sgd(schedule);
            case MOMENTUM -> new Nesterovs(schedule, 0.9);
            case ADAM -> new Adam(schedule);
        };
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
