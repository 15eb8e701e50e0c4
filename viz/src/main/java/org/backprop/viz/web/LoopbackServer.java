package org.backprop.viz.web;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.NetworkConnectionLimit;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A small HTTP server on the loopback interface (127.0.0.1) unless told otherwise
 * ({@link #start(String, int, Limits, Handler)} binds another address), built on Jetty's core server, with
 * every resource bounded so that slow or hostile clients cannot stall it:
 *
 * <ul>
 *   <li>request headers are parsed without holding a thread (non-blocking I/O), limited to
 *       {@link Limits#maxHeaderBytes()}, and a connection that sends nothing (a half-sent request, a
 *       client that stopped reading) is closed after {@link Limits#idleTimeout()};</li>
 *   <li>the headers of each request must arrive in full within one {@link Limits#idleTimeout()} of
 *       the connection opening or of its previous exchange ending ({@link HeaderDeadline}), so a
 *       client that trickles header bytes (slowloris) is closed too;</li>
 *   <li>at most {@link Limits#maxConnections()} connections and {@link Limits#maxThreads()} threads;</li>
 *   <li>request bodies up to {@link Limits#maxBodyBytes()}, read within the idle timeout (a larger one
 *       throws {@link BodyTooLargeException});</li>
 *   <li>server-sent event streams ({@link EventStream}) never block the code that publishes: an event
 *       that cannot be written yet replaces the older one waiting, and a stream whose client stops
 *       reading is closed by the idle timeout. A comment line every half idle timeout keeps a quiet
 *       but healthy stream open.</li>
 * </ul>
 *
 * <p>{@link #close()} stops at once; {@link #close(Duration)} stops accepting connections and lets the
 * requests in progress finish first (graceful shutdown).
 *
 * <p>Used by the playground and the prediction server ({@code backprop serve}).
 *
 * <p>Thread-safe: handlers run on the server's threads, many at once; an {@link Exchange} belongs to
 * one request.
 */
public final class LoopbackServer implements AutoCloseable {
    /** Jetty logs through SLF4J, bound to java.util.logging; kept here so that its level stays set. */
    private static final Logger JETTY_LOG = Logger.getLogger("org.eclipse.jetty");

    static {
        JETTY_LOG.setLevel(Level.WARNING); // only Jetty's warnings are shown
    }

    /**
     * The bounds of a server.
     *
     * @param idleTimeout    a connection with no bytes moving for this long is closed
     * @param maxThreads     threads that run handlers (and Jetty's own I/O)
     * @param maxConnections connections open at once; more wait in the kernel's backlog
     * @param maxHeaderBytes the largest request line and headers
     * @param maxBodyBytes   the largest request body
     */
    public record Limits(Duration idleTimeout, int maxThreads, int maxConnections, int maxHeaderBytes, int maxBodyBytes) {
        /**
         * 10 s idle timeout, 32 threads, 256 connections, 8 KiB of headers, 64 KiB bodies.
         *
         * @return the default limits
         */
        public static Limits defaults() {
            return new Limits(Duration.ofSeconds(10), 32, 256, 8 * 1024, 64 * 1024);
        }

        /**
         * The same limits with another idle timeout.
         *
         * @param d the new idle timeout (also the time a request's headers and body have to arrive)
         * @return the new limits
         */
        public Limits withIdleTimeout(Duration d) {
            return new Limits(d, maxThreads, maxConnections, maxHeaderBytes, maxBodyBytes);
        }

        /**
         * The same limits with another largest request body.
         *
         * @param bytes the largest request body
         * @return the new limits
         */
        public Limits withMaxBodyBytes(int bytes) {
            return new Limits(idleTimeout, maxThreads, maxConnections, maxHeaderBytes, bytes);
        }
    }

    /** A request body larger than {@link Limits#maxBodyBytes()} (HTTP 413); the message says so. */
    public static final class BodyTooLargeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        BodyTooLargeException(String message) {
            super(message);
        }
    }

    /** Answers one request; it must {@link Exchange#send send} a response or {@link Exchange#openEventStream open a stream}. */
    @FunctionalInterface
    public interface Handler {
        /**
         * Handles {@code exchange}; an exception becomes a 500 response. Called on the server's
         * threads, for many requests at once.
         *
         * @param exchange the request, and the response to send
         * @throws Exception anything; the client gets {@code 500 internal error} if nothing was sent yet
         */
        void handle(Exchange exchange) throws Exception;
    }

    private final Server server;
    private final ServerConnector connector;
    private final String host;
    private final Limits limits;
    private final ScheduledExecutorService timer;

    private LoopbackServer(Server server, ServerConnector connector, String host, Limits limits, ScheduledExecutorService timer) {
        this.server = server;
        this.connector = connector;
        this.host = host;
        this.limits = limits;
        this.timer = timer;
    }

    /**
     * Starts a server on {@code 127.0.0.1:port}.
     *
     * @param port    0 for any free port
     * @param limits  the bounds of the server
     * @param handler answers every request
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static LoopbackServer start(int port, Limits limits, Handler handler) throws IOException {
        return start(InetAddress.getLoopbackAddress().getHostAddress(), port, limits, handler);
    }

    /**
     * Starts a server on {@code host:port}: a loopback address keeps it on this machine; any other
     * (such as {@code 0.0.0.0}, every interface) opens it to the network, with the same limits.
     *
     * @param host    the IP address to bind, such as {@code 127.0.0.1} or {@code 0.0.0.0}
     * @param port    0 for any free port
     * @param limits  the bounds of the server
     * @param handler answers every request
     * @return the running server
     * @throws IOException if the address cannot be bound
     */
    public static LoopbackServer start(String host, int port, Limits limits, Handler handler) throws IOException {
        QueuedThreadPool pool = new QueuedThreadPool(limits.maxThreads(), Math.min(4, limits.maxThreads()));
        pool.setName("loopback-http");
        pool.setDaemon(true);
        Server server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration();
        http.setRequestHeaderSize(limits.maxHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendDateHeader(false);
        ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
        connector.setHost(host);
        connector.setPort(port);
        connector.setIdleTimeout(limits.idleTimeout().toMillis());
        server.addConnector(connector);
        server.addBean(new NetworkConnectionLimit(limits.maxConnections(), connector));
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "loopback-http-timer");
            t.setDaemon(true);
            return t;
        });
        HeaderDeadline headerDeadline = new HeaderDeadline(limits.idleTimeout(), timer);
        connector.addBean(headerDeadline); // a Connection.Listener bean of the connector hears every connection
        LoopbackServer s = new LoopbackServer(server, connector, host, limits, timer);
        // GracefulHandler counts the requests in progress, so that close(grace) can wait for them
        server.setHandler(new GracefulHandler(new org.eclipse.jetty.server.Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback done) {
                org.eclipse.jetty.io.Connection connection = request.getConnectionMetaData().getConnection();
                headerDeadline.requestStarted(connection);
                Callback callback = Callback.from(done, () -> headerDeadline.exchangeEnded(connection));
                Exchange ex = s.new Exchange(request, response, callback);
                try {
                    handler.handle(ex);
                } catch (Exception | Error e) {
                    ex.sendIfOpen(500, "text/plain", "internal error");
                    if (e instanceof Error err && !(err instanceof OutOfMemoryError || err instanceof StackOverflowError)) {
                        throw err;
                    }
                }
                ex.sendIfOpen(500, "text/plain", "no response");
                return true;
            }
        }));
        try {
            server.start();
        } catch (Exception e) {
            timer.shutdownNow();
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing
            }
            throw e instanceof IOException io ? io : new IOException(e.getMessage(), e);
        }
        return s;
    }

    /**
     * The base address, such as {@code http://127.0.0.1:8080/}.
     *
     * @return the bound host and port, an IPv6 host in brackets, ending in {@code /}
     */
    public URI uri() {
        return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port() + "/");
    }

    /**
     * The port bound.
     *
     * @return the local port (the one chosen when 0 was asked for), while the server runs
     */
    public int port() {
        return connector.getLocalPort();
    }

    /**
     * The limits in force.
     *
     * @return the limits the server was started with
     */
    public Limits limits() {
        return limits;
    }

    /** Stops the server and closes every connection and stream. */
    @Override
    public void close() {
        close(Duration.ZERO);
    }

    /**
     * Stops accepting connections, waits up to {@code grace} for the requests in progress to be
     * answered, then closes every connection and stream.
     *
     * @param grace the longest wait for requests in progress; zero stops at once
     */
    public void close(Duration grace) {
        server.setStopTimeout(grace.toMillis());
        try {
            server.stop();
        } catch (Exception e) {
            // stopping: nothing more to do (a request still running after the grace period is cut off)
        }
        timer.shutdownNow();
    }

    /** One request and its response. */
    public final class Exchange {
        private final Request request;
        private final Response response;
        private final Callback callback;
        private boolean answered;
        private volatile boolean bodyRead;

        Exchange(Request request, Response response, Callback callback) {
            this.request = request;
            this.response = response;
            this.callback = callback;
        }

        /**
         * The method, such as {@code GET}.
         *
         * @return the request's HTTP method, in upper case as sent
         */
        public String method() {
            return request.getMethod();
        }

        /**
         * The decoded path, such as {@code /api/step}.
         *
         * @return the path without the query, percent-decoded; {@code /} when there is none
         */
        public String path() {
            String p = request.getHttpURI().getDecodedPath();
            return p == null ? "/" : p;
        }

        /**
         * Every query parameter (the first value of each).
         *
         * @return a new map, in the order the parameters were sent, values decoded as UTF-8
         */
        public java.util.Map<String, String> queryParameters() {
            java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
            for (Fields.Field f : Request.extractQueryParameters(request, StandardCharsets.UTF_8)) {
                out.put(f.getName(), f.getValue());
            }
            return out;
        }

        /**
         * A request header's value.
         *
         * @param name the header's name, in any case
         * @return its value (the first, if repeated), or {@code null} when it was not sent
         */
        public String header(String name) {
            return request.getHeaders().get(name);
        }

        /**
         * Adds a header to the response; call it before {@link #send}.
         *
         * @param name  the header's name
         * @param value its value
         * @throws IllegalStateException if the response was sent
         */
        public synchronized void responseHeader(String name, String value) {
            if (answered) {
                throw new IllegalStateException("response already sent");
            }
            response.getHeaders().add(name, value);
        }

        /**
         * A query parameter, or {@code null}.
         *
         * @param name the parameter's name
         * @return its first value, decoded as UTF-8, or {@code null} when it was not sent
         */
        public String query(String name) {
            Fields f = Request.extractQueryParameters(request, StandardCharsets.UTF_8);
            return f.getValue(name);
        }

        /**
         * The request body as UTF-8 text, at most {@link Limits#maxBodyBytes()} bytes, read within the idle timeout.
         *
         * @return the body, decoded
         * @throws BodyTooLargeException    if it is larger
         * @throws IllegalArgumentException if it does not arrive in time, or cannot be read
         */
        public String body() {
            long declared = request.getLength();
            if (declared > limits.maxBodyBytes()) {
                throw new BodyTooLargeException("request body of " + declared + " bytes is larger than the limit of "
                        + limits.maxBodyBytes() + " bytes");
            }
            try {
                ByteBuffer b = Content.Source.asByteBufferAsync(request, limits.maxBodyBytes())
                        .get(limits.idleTimeout().toMillis(), TimeUnit.MILLISECONDS);
                bodyRead = true;
                return StandardCharsets.UTF_8.decode(b).toString();
            } catch (TimeoutException e) {
                throw new IllegalArgumentException("request body not received within " + limits.idleTimeout().toSeconds() + " s");
            } catch (ExecutionException e) {
                if (declared < 0 && e.getCause() instanceof IllegalStateException) {
                    // a body sent in chunks, without a length, outgrew the limit as it was read
                    throw new BodyTooLargeException("request body larger than the limit of " + limits.maxBodyBytes() + " bytes");
                }
                throw new IllegalArgumentException("request body unreadable or larger than " + limits.maxBodyBytes() + " bytes");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalArgumentException("interrupted while reading the request body");
            }
        }

        /**
         * Sends a complete response (text in UTF-8).
         *
         * @param status      the HTTP status, such as 200 or 400
         * @param contentType the content type; {@code ; charset=utf-8} is added unless it names a charset
         * @param body        the text of the response
         * @throws IllegalStateException if a response was sent (or a stream opened) already
         */
        public void send(int status, String contentType, String body) {
            sendBytes(status, contentType.contains("charset") ? contentType : contentType + "; charset=utf-8",
                    body.getBytes(StandardCharsets.UTF_8));
        }

        /**
         * Sends a complete response.
         *
         * @param status      the HTTP status
         * @param contentType the content type, as sent
         * @param body        the bytes of the response; not copied, not to be changed while being written
         * @throws IllegalStateException if a response was sent (or a stream opened) already
         */
        public synchronized void sendBytes(int status, String contentType, byte[] body) {
            if (answered) {
                throw new IllegalStateException("response already sent");
            }
            answered = true;
            response.setStatus(status);
            if (!bodyRead && (request.getLength() > 0 || request.getHeaders().contains(HttpHeader.TRANSFER_ENCODING))) {
                // answered without reading the body (refused, or too large): the connection cannot be
                // reused, so the client is told rather than finding it closed under its next request
                response.getHeaders().put(HttpHeader.CONNECTION, "close");
            }
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(body), callback);
        }

        synchronized void sendIfOpen(int status, String contentType, String body) {
            if (!answered) {
                send(status, contentType, body);
            }
        }

        /**
         * Answers with a {@code text/event-stream} that stays open: the caller keeps the stream and
         * sends events on it from any thread; it ends with {@link EventStream#close()}, the client
         * going away, the idle timeout, or {@code maxLifetime}.
         *
         * @param maxLifetime the longest the stream stays open
         * @return the open stream
         * @throws IllegalStateException if a response was sent (or a stream opened) already
         */
        public synchronized EventStream openEventStream(Duration maxLifetime) {
            if (answered) {
                throw new IllegalStateException("response already sent");
            }
            answered = true;
            response.setStatus(200);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/event-stream; charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-cache");
            EventStream stream = new EventStream(response, callback);
            long beat = Math.max(1, limits.idleTimeout().toMillis() / 2);
            ScheduledFuture<?> heartbeat = timer.scheduleAtFixedRate(stream::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
            ScheduledFuture<?> end = timer.schedule(stream::close, maxLifetime.toMillis(), TimeUnit.MILLISECONDS);
            stream.onClose(() -> {
                heartbeat.cancel(false);
                end.cancel(false);
            });
            return stream;
        }
    }

    /**
     * A server-sent event stream. {@link #send} never blocks: while a write is in progress the newest
     * event waits (replacing an older waiting one), so a slow client sees fewer updates and a client
     * that reads nothing holds one event until the idle timeout closes its connection.
     */
    public static final class EventStream {
        private final Response response;
        private final Callback done;
        private final List<Runnable> closeHooks = new ArrayList<>();
        private boolean writing;
        private String waiting;
        private boolean closing;
        private boolean closed;

        EventStream(Response response, Callback done) {
            this.response = response;
            this.done = done;
        }

        /**
         * Queues {@code data} as one event ({@code data: …}); never blocks.
         *
         * @param data the event's text; each line becomes a {@code data:} line
         * @return {@code false} once the stream is closed (nothing is sent), else {@code true}
         */
        public boolean send(String data) {
            return enqueue("data: " + data.replace("\n", "\ndata: ") + "\n\n");
        }

        /**
         * Whether the stream has ended.
         *
         * @return {@code true} once the stream is closed, by either side
         */
        public synchronized boolean isClosed() {
            return closed;
        }

        /**
         * Runs {@code hook} when the stream ends (at once if it has).
         *
         * @param hook run once, on the thread that ends the stream (or the caller's, if it has ended)
         */
        public void onClose(Runnable hook) {
            boolean now;
            synchronized (this) {
                now = closed;
                if (!now) {
                    closeHooks.add(hook);
                }
            }
            if (now) {
                hook.run();
            }
        }

        /** Ends the stream (after the write in progress, if any). */
        public void close() {
            boolean finish;
            synchronized (this) {
                if (closed || closing) {
                    return;
                }
                closing = true;
                waiting = null;
                finish = !writing;
                if (finish) {
                    writing = true;
                }
            }
            if (finish) {
                response.write(true, ByteBuffer.allocate(0), Callback.from(() -> ended(null), this::ended));
            }
        }

        void heartbeat() {
            synchronized (this) {
                if (writing || waiting != null) {
                    return;
                }
            }
            enqueue(":\n\n");
        }

        private boolean enqueue(String frame) {
            synchronized (this) {
                if (closed || closing) {
                    return false;
                }
                if (writing) {
                    waiting = frame;
                    return true;
                }
                writing = true;
            }
            write(frame);
            return true;
        }

        private void write(String frame) {
            response.write(false, ByteBuffer.wrap(frame.getBytes(StandardCharsets.UTF_8)),
                    Callback.from(this::written, this::ended));
        }

        private void written() {
            String next;
            boolean finish;
            synchronized (this) {
                next = waiting;
                waiting = null;
                finish = next == null && closing;
                writing = next != null || finish;
            }
            if (next != null) {
                write(next);
            } else if (finish) {
                response.write(true, ByteBuffer.allocate(0), Callback.from(() -> ended(null), this::ended));
            }
        }

        private void ended(Throwable failure) {
            List<Runnable> hooks;
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                hooks = new ArrayList<>(closeHooks);
                closeHooks.clear();
            }
            if (failure == null) {
                done.succeeded();
            } else {
                done.failed(failure);
            }
            hooks.forEach(Runnable::run);
        }
    }
}
