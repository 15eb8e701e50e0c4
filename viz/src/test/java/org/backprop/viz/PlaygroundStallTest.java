package org.backprop.viz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.backprop.io.Json;
import org.backprop.viz.web.LoopbackServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fault test against 127.0.0.1 only, bounded in connections (31) and time: 30 half-sent requests
 * (slowloris) and one event-stream client that never reads must neither stop the server answering
 * others nor block the session they watch; and every one of those connections is closed by the
 * server by itself.
 */
// Timeout: a guard against a hung server, not a speed assertion.
@Timeout(90)
class PlaygroundStallTest {
    private static final Duration IDLE = Duration.ofSeconds(2);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HttpResponse<String> request(PlaygroundServer server, String method, String path) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private static Socket connect(PlaygroundServer server, int receiveBuffer) throws IOException {
        Socket s = new Socket();
        if (receiveBuffer > 0) {
            s.setReceiveBufferSize(receiveBuffer);
        }
        s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
        return s;
    }

    private static int epoch(String stateJson) {
        return ((Number) ((Map<?, ?>) Json.parse(stateJson)).get("epoch")).intValue();
    }

    @Test
    void halfSentRequestsAndANonReadingStreamStallNoOne() throws Exception {
        LoopbackServer.Limits limits = LoopbackServer.Limits.defaults().withIdleTimeout(IDLE);
        try (PlaygroundServer server = PlaygroundServer.start(0, PlaygroundConfig.defaults(), limits)) {
            String id = (String) ((Map<?, ?>) Json.parse(request(server, "POST", "/api/session").body())).get("id");

            // Given 30 connections that each sent half a request and then nothing
            List<Socket> slow = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                Socket s = connect(server, 0);
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                slow.add(s);
            }
            // and an event-stream client with a tiny receive window that never reads, on a training session
            Socket deaf = connect(server, 1024);
            OutputStream deafOut = deaf.getOutputStream();
            deafOut.write(("GET /api/events?session=" + id + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            deafOut.flush();
            assertThat(request(server, "POST", "/api/play?session=" + id).statusCode()).isEqualTo(200);

            // When others use the server / Then they are served, and the watched session keeps training
            HttpResponse<String> page = request(server, "GET", "/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("playground.js");
            String other = (String) ((Map<?, ?>) Json.parse(request(server, "POST", "/api/session").body())).get("id");
            assertThat(request(server, "POST", "/api/step?session=" + other).statusCode()).isEqualTo(200);
            int before = epoch(request(server, "GET", "/api/state?session=" + id).body());
            Thread.sleep(1500);
            int after = epoch(request(server, "GET", "/api/state?session=" + id).body());
            assertThat(after).as("the session trains on while its stream is not read").isGreaterThan(before);

            // And the half-sent requests are closed by the server by itself (idle timeout)
            for (Socket s : slow) {
                assertThat(closedByServer(s, IDLE.multipliedBy(5))).isTrue();
            }
            // and so is the stream that is not read: its writes stall, the idle timeout ends it
            long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
            while (server.openStreams() > 0 && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            assertThat(server.openStreams()).as("streams still open").isZero();
            assertThat(closedByServer(deaf, Duration.ofSeconds(20))).isTrue();

            // while a normal client is still served
            assertThat(request(server, "GET", "/api/state?session=" + id).statusCode()).isEqualTo(200);
            request(server, "POST", "/api/pause?session=" + id);
            for (Socket s : slow) {
                s.close();
            }
            deaf.close();
        }
    }

    /** Reads what is left until the server closes the connection (end of stream or reset) within {@code within}. */
    private static boolean closedByServer(Socket s, Duration within) throws IOException {
        s.setSoTimeout((int) within.toMillis());
        InputStream in = s.getInputStream();
        byte[] buf = new byte[1 << 16];
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                if (in.read(buf) < 0) {
                    return true;
                }
            }
            return false;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }
}
