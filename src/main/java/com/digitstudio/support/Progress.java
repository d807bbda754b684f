package com.digitstudio.support;

import java.util.concurrent.CancellationException;

/** What a long job (an import) tells whoever waits for it, and how it learns it is no longer wanted. */
public interface Progress {
    /** Nobody watches, nobody cancels. */
    Progress NONE = new Progress() {
        @Override
        public void update(String message, double fraction) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /** @param fraction 0..1, or negative when the job cannot say how far it is */
    void update(String message, double fraction);

    boolean cancelled();

    /** Throws {@link CancellationException} if the job was cancelled: call it between steps. */
    default void checkCancelled() {
        if (cancelled()) {
            throw new CancellationException("cancelled");
        }
    }
}
