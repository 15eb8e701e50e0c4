package org.backprop.viz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import org.backprop.io.Json;

/**
 * The playground's web server, on the loopback interface only, built on the JDK's
 * {@code com.sun.net.httpserver}. It serves the page (static files from the class path, no CDN) and
 * a small API; state streams to the page as server-sent events.
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
 * (the browser reconnects by itself), request bodies up to 64 KiB.
 */
public final class PlaygroundServer implements AutoCloseable {
    static final int MAX_SESSIONS = 8;
    static final int MAX_STREAMS = 16;
    static final int STREAM_MINUTES = 30;
    private static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService handlers;
    private final Map<String, PlaygroundSession> sessions = new LinkedHashMap<>();
    private final Deque<CountDownLatch> streams = new ArrayDeque<>();
    private final AtomicInteger nextId = new AtomicInteger(1);
    private final PlaygroundConfig initial;

    private PlaygroundServer(HttpServer server, PlaygroundConfig initial) {
        this.server = server;
        this.initial = initial;
        this.handlers = Executors.newFixedThreadPool(MAX_STREAMS + 8, r -> {
            Thread t = new Thread(r, "playground-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(handlers);
        server.createContext("/", this::handle);
    }

    /**
     * Starts a server on {@code 127.0.0.1:port}.
     *
     * @param port    the port, 0 for any free one
     * @param initial the settings new sessions start with
     */
    public static PlaygroundServer start(int port, PlaygroundConfig initial) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 32);
        PlaygroundServer p = new PlaygroundServer(s, initial);
        s.start();
        return p;
    }

    /** The page's address, such as {@code http://127.0.0.1:8080/}. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** The port actually bound. */
    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
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
        } finally {
            ex.close();
        }
    }

    private void api(HttpExchange ex, String route, String method) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
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
                Object body = Json.parse(readBody(ex));
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

    /** The ids of the open sessions, oldest first. */
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

    private void stream(HttpExchange ex, PlaygroundSession s) throws IOException {
        CountDownLatch done = new CountDownLatch(1);
        synchronized (streams) {
            while (streams.size() >= MAX_STREAMS) {
                streams.removeFirst().countDown();
            }
            streams.addLast(done);
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-cache");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        Consumer<String> listener = json -> {
            try {
                out.write(("data: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            } catch (IOException e) {
                done.countDown();
            }
        };
        s.onClose(done::countDown);
        s.subscribe(listener);
        try {
            done.await(STREAM_MINUTES, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            s.unsubscribe(listener);
            synchronized (streams) {
                streams.remove(done);
            }
        }
    }

    private void serveStatic(HttpExchange ex, String path) throws IOException {
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

    private static String readBody(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            throw new IllegalArgumentException("request body larger than " + MAX_BODY + " bytes");
        }
        return new String(body, StandardCharsets.UTF_8);
    }

    private static int integer(Map<String, String> q, String key) {
        String v = q.get(key);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + ": expected an integer, got '" + v + "'");
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(java.net.URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        sendBytes(ex, status, type.contains("charset") ? type : type + "; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendBytes(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    /** Stops the server, every session and every stream. */
    @Override
    public void close() {
        synchronized (streams) {
            streams.forEach(CountDownLatch::countDown);
            streams.clear();
        }
        synchronized (this) {
            sessions.values().forEach(PlaygroundSession::close);
            sessions.clear();
        }
        server.stop(0);
        handlers.shutdownNow();
    }
}
