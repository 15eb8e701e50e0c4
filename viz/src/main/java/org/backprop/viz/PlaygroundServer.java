package org.backprop.viz;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.backprop.io.Json;
import org.backprop.viz.web.LoopbackServer;
import org.backprop.viz.web.LoopbackServer.EventStream;
import org.backprop.viz.web.LoopbackServer.Exchange;

/**
 * The playground's web server, on the loopback interface only, built on {@link LoopbackServer}
 * (Jetty): slow or stalled clients time out and never hold a thread or a session. It serves the
 * page (static files from the class path, no CDN) and a small API; state streams to the page as
 * server-sent events.
 *
 * <table>
 *   <caption>Routes</caption>
 *   <tr><td>{@code GET /}</td><td>the page ({@code index.html}, {@code playground.js}, {@code playground.css})</td></tr>
 *   <tr><td>{@code POST /api/session}</td><td>a new session: {@code {"id": …}}</td></tr>
 *   <tr><td>{@code GET /api/events?session=ID}</td><td>the state stream ({@code text/event-stream})</td></tr>
 *   <tr><td>{@code POST /api/play|pause|step|reset?session=ID}</td><td>controls</td></tr>
 *   <tr><td>{@code POST /api/config?session=ID}</td><td>new settings (JSON body), training starts afresh</td></tr>
 *   <tr><td>{@code GET /api/explain?session=ID&layer=K&row=J&col=I}</td><td>a weight's chain rule ({@code col=-1}: bias)</td></tr>
 *   <tr><td>{@code GET /api/explain-page?session=ID}</td><td>the backward-pass stepper page for one example</td></tr>
 * </table>
 *
 * <p>Bounded: at most {@value #MAX_SESSIONS} sessions (the oldest is closed to make room), at most
 * {@value #MAX_STREAMS} open event streams, each closed after {@value #STREAM_MINUTES} minutes
 * (the browser reconnects by itself), and the connection, thread, header, body and idle-time limits
 * of {@link LoopbackServer.Limits#defaults()}. A publishing session never waits for a stream: a
 * client that does not read misses updates and is disconnected by the idle timeout.
 *
 * <p>Thread-safe: requests are handled on the server's threads, many at once, and every method may
 * be called from any thread.
 */
public final class PlaygroundServer implements AutoCloseable {
    static final int MAX_SESSIONS = 8;
    static final int MAX_STREAMS = 16;
    static final int STREAM_MINUTES = 30;

    private LoopbackServer server;
    private final Map<String, PlaygroundSession> sessions = new LinkedHashMap<>();
    private final Deque<EventStream> streams = new ArrayDeque<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final PlaygroundConfig initial;

    private PlaygroundServer(PlaygroundConfig initial) {
        this.initial = initial;
    }

    /**
     * Starts a server on {@code 127.0.0.1:port} with the default limits.
     *
     * @param port    the port, 0 for any free one
     * @param initial the settings new sessions start with
     * @return the running server; close it to stop it and every session
     * @throws IOException if the port cannot be bound (such as when it is in use)
     */
    public static PlaygroundServer start(int port, PlaygroundConfig initial) throws IOException {
        return start(port, initial, LoopbackServer.Limits.defaults());
    }

    /**
     * As {@link #start(int, PlaygroundConfig)}, with other limits (tests use a short idle timeout).
     *
     * @param port    the port, 0 for any free one
     * @param initial the settings new sessions start with
     * @param limits  the connection, thread, header, body and idle-time bounds
     * @return the running server
     * @throws IOException if the port cannot be bound
     */
    public static PlaygroundServer start(int port, PlaygroundConfig initial, LoopbackServer.Limits limits) throws IOException {
        PlaygroundServer p = new PlaygroundServer(initial);
        p.server = LoopbackServer.start(port, limits, p::handle);
        return p;
    }

    /**
     * The page's address, such as {@code http://127.0.0.1:8080/}.
     *
     * @return the address to open in a browser
     */
    public URI uri() {
        return server.uri();
    }

    /**
     * The port actually bound.
     *
     * @return the local port (the one chosen when 0 was asked for)
     */
    public int port() {
        return server.port();
    }

    private void handle(Exchange ex) throws IOException {
        try {
            String path = ex.path();
            String method = ex.method();
            if (path.startsWith("/api/")) {
                api(ex, path.substring(5), method);
            } else if ("GET".equals(method)) {
                serveStatic(ex, path);
            } else {
                send(ex, 405, "text/plain", "method not allowed");
            }
        } catch (IllegalArgumentException e) {
            send(ex, 400, "application/json", Json.write(Map.of("error", String.valueOf(e.getMessage()))));
        } catch (RuntimeException e) {
            send(ex, 500, "application/json", Json.write(Map.of("error", String.valueOf(e.getMessage()))));
        }
    }

    private void api(Exchange ex, String route, String method) throws IOException {
        Map<String, String> q = query(ex);
        if (route.equals("session") && method.equals("POST")) {
            PlaygroundSession s = newSession();
            send(ex, 200, "application/json", Json.write(Map.of("id", s.id())));
            return;
        }
        PlaygroundSession s = session(q.get("session"));
        switch (route) {
            case "events":
                stream(ex, s);
                return;
            case "state":
                send(ex, 200, "application/json", s.state());
                return;
            case "explain":
                send(ex, 200, "application/json", Json.write(s.explainWeight(integer(q, "layer"), integer(q, "row"),
                        integer(q, "col"))));
                return;
            case "explain-page":
                send(ex, 200, "text/html; charset=utf-8", s.explainPage());
                return;
            default:
                break;
        }
        if (!method.equals("POST")) {
            send(ex, 405, "text/plain", "use POST");
            return;
        }
        switch (route) {
            case "play": s.play(); break;
            case "pause": s.pause(); break;
            case "step": s.step(); break;
            case "reset": s.reset(); break;
            case "config":
                Object body = Json.parse(ex.body());
                if (!(body instanceof Map)) {
                    throw new IllegalArgumentException("config: expected a JSON object");
                }
                s.configure(PlaygroundConfig.fromMap((Map<?, ?>) body));
                break;
            default:
                send(ex, 404, "text/plain", "no such route: /api/" + route);
                return;
        }
        send(ex, 200, "application/json", "{\"ok\":true}");
    }

    private synchronized PlaygroundSession newSession() {
        if (sessions.size() >= MAX_SESSIONS) {
            String oldest = sessions.keySet().iterator().next();
            sessions.remove(oldest).close();
        }
        String id = "s" + nextId.getAndIncrement();
        PlaygroundSession s = new PlaygroundSession(id, initial);
        sessions.put(id, s);
        return s;
    }

    /**
     * The ids of the open sessions, oldest first.
     *
     * @return a new, unmodifiable list, such as {@code [s1, s2]}
     */
    public synchronized java.util.List<String> sessionIds() {
        return java.util.List.copyOf(sessions.keySet());
    }

    private synchronized PlaygroundSession session(String id) {
        PlaygroundSession s = id == null ? null : sessions.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown session '" + id + "' (create one with POST /api/session)");
        }
        return s;
    }

    private void stream(Exchange ex, PlaygroundSession s) {
        EventStream stream = ex.openEventStream(Duration.ofMinutes(STREAM_MINUTES));
        synchronized (streams) {
            while (streams.size() >= MAX_STREAMS) {
                streams.removeFirst().close();
            }
            streams.addLast(stream);
        }
        Consumer<String> listener = stream::send;
        stream.onClose(() -> {
            s.unsubscribe(listener);
            synchronized (streams) {
                streams.remove(stream);
            }
        });
        s.onClose(stream::close);
        s.subscribe(listener);
    }

    /**
     * The number of event streams open now.
     *
     * @return 0 to {@value #MAX_STREAMS}
     */
    public int openStreams() {
        synchronized (streams) {
            return streams.size();
        }
    }

    private void serveStatic(Exchange ex, String path) throws IOException {
        String name = path.equals("/") ? "index.html" : path.substring(1);
        if (!name.matches("[a-z]+\\.(html|js|css)")) {
            send(ex, 404, "text/plain", "not found");
            return;
        }
        try (InputStream in = PlaygroundServer.class.getResourceAsStream("/playground/" + name)) {
            if (in == null) {
                send(ex, 404, "text/plain", "not found");
                return;
            }
            String type = name.endsWith(".html") ? "text/html" : name.endsWith(".js") ? "text/javascript" : "text/css";
            sendBytes(ex, 200, type + "; charset=utf-8", in.readAllBytes());
        }
    }

    private static int integer(Map<String, String> q, String key) {
        String v = q.get(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected an integer, got '" + v + "'");
        }
    }

    private static Map<String, String> query(Exchange ex) {
        return ex.queryParameters();
    }

    private static void send(Exchange ex, int status, String type, String body) {
        ex.send(status, type, body);
    }

    private static void sendBytes(Exchange ex, int status, String type, byte[] body) {
        ex.sendBytes(status, type, body);
    }

    /** Stops the server, every session and every stream. */
    @Override
    public void close() {
        java.util.List<EventStream> open;
        synchronized (streams) {
            open = java.util.List.copyOf(streams);
            streams.clear();
        }
        open.forEach(EventStream::close);
        synchronized (this) {
            sessions.values().forEach(PlaygroundSession::close);
            sessions.clear();
        }
        server.close();
    }
}
