package org.backprop.viz.web;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jetty.io.Connection;

/**
 * A total deadline for the headers of each request: a connection must deliver a whole request line
 * and headers within {@code limit} of opening, and again within {@code limit} of the end of its
 * previous exchange, or it is closed. Jetty's idle timeout alone closes a connection on which no
 * byte moves; a client that trickles one header byte at a time (slowloris) keeps it alive forever.
 *
 * <p>A connection is <em>waiting</em> from its opening, and from the end of each exchange, until the
 * next request reaches the handler (Jetty calls it once the headers are parsed); it is <em>busy</em>
 * while a request is handled, so a long answer or an event stream is never cut by this deadline.
 * A sweep every quarter of the limit closes the connections that have waited longer than it.
 * Thread-safe: Jetty's I/O threads, handler threads and the sweep all call it.
 */
final class HeaderDeadline implements Connection.Listener {
    /** The mark of a busy connection (a request is being handled). */
    private static final long BUSY = Long.MIN_VALUE;

    private final long limitNanos;
    /** Open connections, each with the {@link System#nanoTime()} it started waiting at, or {@link #BUSY}. */
    private final Map<Connection, AtomicLong> connections = new ConcurrentHashMap<>();

    /**
     * @param limit the longest a connection may wait for the end of a request's headers
     * @param timer where the sweep runs (every quarter of {@code limit}, at least every 50 ms)
     */
    HeaderDeadline(Duration limit, ScheduledExecutorService timer) {
        this.limitNanos = limit.toNanos();
        long period = Math.max(50, limit.toMillis() / 4);
        timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void onOpened(Connection connection) {
        connections.put(connection, new AtomicLong(System.nanoTime()));
    }

    @Override
    public void onClosed(Connection connection) {
        connections.remove(connection);
    }

    /** A request's headers arrived on {@code connection}: it is busy until {@link #exchangeEnded}. */
    void requestStarted(Connection connection) {
        AtomicLong since = connections.get(connection);
        if (since != null) {
            since.set(BUSY);
        }
    }

    /** The exchange on {@code connection} ended: it waits for the next request's headers from now. */
    void exchangeEnded(Connection connection) {
        AtomicLong since = connections.get(connection);
        if (since != null) {
            since.set(System.nanoTime());
        }
    }

    /** Closes every connection that has waited longer than the limit. */
    private void sweep() {
        long now = System.nanoTime();
        connections.forEach((connection, since) -> {
            long t = since.get();
            if (t != BUSY && now - t > limitNanos) {
                connections.remove(connection);
                connection.getEndPoint().close();
            }
        });
    }
}
