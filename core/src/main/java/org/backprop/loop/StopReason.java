package org.backprop.loop;

/** Why training ended. */
public enum StopReason {
    /** All epochs ran. */
    COMPLETED,
    /** The validation loss stopped improving (see {@link EarlyStopping}). */
    EARLY_STOPPED,
    /** The loss became NaN or infinite; the {@link History#message()} says where and what to try. */
    DIVERGED
}
