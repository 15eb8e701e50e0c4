package org.backprop.autograd;

/**
 * A scope in which operations record no graph: inference, evaluation, and optimiser updates.
 * Scopes nest and belong to the current thread only.
 *
 * <pre>{@code
 * try (NoGrad scope = NoGrad.enter()) {
 *     Variable prediction = model.forward(input);   // no graph, no gradients
 * }
 * }</pre>
 */
public final class NoGrad implements AutoCloseable {
    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);
    private boolean closed;

    private NoGrad() {
    }

    /**
     * Enters a no-grad scope on this thread; close it to leave.
     *
     * @return the scope, to close
     */
    public static NoGrad enter() {
        DEPTH.get()[0]++;
        return new NoGrad();
    }

    /**
     * Whether operations on this thread currently record a graph.
     *
     * @return {@code true} outside every no-grad scope
     */
    public static boolean isGradEnabled() {
        return DEPTH.get()[0] == 0;
    }

    /** Leaves the scope (a second close does nothing). */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            DEPTH.get()[0]--;
        }
    }
}
