package org.backprop.cli;

import java.util.function.LongSupplier;

/**
 * A token-bucket rate limit: {@code rate} tokens a second flow into a bucket that holds at most
 * {@code burst}; each request takes one, and a request that finds the bucket empty is refused with
 * the time until the next token. So at most {@code burst + rate·t} requests pass in any {@code t}
 * seconds, and a client that keeps within {@code rate} is never refused.
 *
 * <p>Thread-safe (one lock, held for a few arithmetic operations).
 */
final class TokenBucket {
    private static final double NANOS = 1e9;

    private final double rate;
    private final double burst;
    private final LongSupplier clock;
    private double tokens;
    private long last;

    /**
     * A full bucket.
     *
     * @param rate  tokens added per second, &gt; 0
     * @param burst the bucket's size, at least 1
     * @param clock nanoseconds, such as {@link System#nanoTime}
     */
    TokenBucket(double rate, double burst, LongSupplier clock) {
        if (!(rate > 0) || !(burst >= 1)) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1, got " + rate + " and " + burst);
        }
        this.rate = rate;
        this.burst = burst;
        this.clock = clock;
        this.tokens = burst;
        this.last = clock.getAsLong();
    }

    /**
     * Takes a token if there is one.
     *
     * @return 0 when a token was taken; otherwise the nanoseconds until one will be there (&gt; 0)
     */
    synchronized long tryTake() {
        long now = clock.getAsLong();
        tokens = Math.min(burst, tokens + (now - last) * rate / NANOS);
        last = now;
        if (tokens >= 1) {
            tokens -= 1;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1 - tokens) / rate * NANOS));
    }
}
