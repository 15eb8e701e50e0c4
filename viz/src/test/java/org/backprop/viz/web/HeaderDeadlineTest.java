package org.backprop.viz.web;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A fault test against 127.0.0.1 only, bounded in connections (2) and time: a client that trickles
 * its request headers one byte at a time, each byte well within the idle timeout, is closed by the
 * server once the header deadline has passed, while a normal client is answered; and a connection
 * that is busy with a long exchange is not cut by the deadline.
 */
// Timeout: a guard against a hung server, not a speed assertion.
@Timeout(60)
class HeaderDeadlineTest {
    private static final Duration IDLE = Duration.ofSeconds(2);

    @Test
    void aClientThatTricklesHeaderBytesIsClosedWhileOthersAreServed() throws Exception {
        LoopbackServer.Limits limits = LoopbackServer.Limits.defaults().withIdleTimeout(IDLE);
        try (LoopbackServer server = LoopbackServer.start(0, limits, ex -> ex.send(200, "text/plain", "ok"))) {
            // Given a client sending one header byte every 200 ms (five times within each idle timeout)
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port()), 5000);
                s.setSoTimeout(50);
                OutputStream out = s.getOutputStream();
                InputStream in = s.getInputStream();
                out.write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ".getBytes(StandardCharsets.US_ASCII));
                int sent = 0;
                boolean closed = false;
                // When it goes on for up to 60 bytes (12 s, six idle timeouts)
                while (sent < 60 && !closed) {
                    try {
                        out.write('a');
                        out.flush();
                        sent++;
                    } catch (IOException reset) {
                        closed = true;
                        break;
                    }
                    closed = closedWithin(in, 200);
                }
                // Then the server closed it long before: after the deadline (2 s) and within a few sweeps more
                assertThat(closed).as("closed by the server").isTrue();
                assertThat(sent).as("header bytes (one per 200 ms) the server accepted before closing").isBetween(8, 30);
            }
            // and a normal client is answered
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri())
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("ok");
        }
    }

    @Test
    void aLongExchangeIsNotCutByTheHeaderDeadline() throws Exception {
        LoopbackServer.Limits limits = LoopbackServer.Limits.defaults().withIdleTimeout(IDLE);
        // A handler that takes three idle timeouts (6 s) to answer (the connection is busy, not waiting for headers)
        try (LoopbackServer server = LoopbackServer.start(0, limits, ex -> {
            Thread.sleep(3 * IDLE.toMillis());
            ex.send(200, "text/plain", "slow but whole");
        })) {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(server.uri())
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.body()).isEqualTo("slow but whole");
        }
    }

    /** True if the server closed the connection (end of stream or reset) within {@code millis}. */
    private static boolean closedWithin(InputStream in, int millis) throws IOException {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (in.read() < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                // nothing yet
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }
}
