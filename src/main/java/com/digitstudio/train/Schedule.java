package com.digitstudio.train;

/** How the learning rate changes over a run. */
public enum Schedule {
    /** The same rate for every step. */
    CONSTANT,
    /** Falls linearly from the rate to zero at the last step. */
    LINEAR,
    /** Half a cosine from the rate to zero at the last step. */
    COSINE;

    /** The learning rate at {@code step} (0-based) of {@code total}. */
    public double rate(double base, long step, long total) {
        double progress = total <= 0 ? 0 : Math.min(1.0, (double) step / total);
        return switch (this) {
            case CONSTANT -> base;
            case LINEAR -> base * (1 - progress);
            case COSINE -> base * 0.5 * (1 + Math.cos(Math.PI * progress));
        };
    }

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
