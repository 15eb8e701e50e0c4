package org.backprop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

// Timeout: a guard against a server that does not stop, not a speed assertion.
@org.junit.jupiter.api.Timeout(60)
class PlaygroundCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    /** {@code backprop playground} that serves until {@code stop}, with the CLI's streams and error reporting. */
    private CommandLine playground(CountDownLatch stop) {
        return BackpropCli.withStreamsAndErrors(new CommandLine(new PlaygroundCommand(stop)),
                new PrintWriter(out, true), new PrintWriter(err, true));
    }

    @Test
    void printsTheAddressAndServesUntilStopped() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CommandLine cl = playground(stop);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Integer> code = pool.submit(() -> cl.execute("--port", "0"));
            for (int i = 0; i < 200 && !out.toString().contains("http://"); i++) {
                Thread.sleep(50);
            }
            assertThat(out.toString()).matches("Playground running at http://127\\.0\\.0\\.1:\\d+/  \\(Ctrl-C to stop\\)\\R");
            String url = out.toString().replaceAll("(?s).*(http://127\\.0\\.0\\.1:\\d+/).*", "$1").trim();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            assertThat(http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            stop.countDown();
            assertThat(code.get(10, TimeUnit.SECONDS)).isZero();
            assertThat(err.toString()).isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aPortOutOfRangeIsAUsageError() {
        assertThat(playground(new CountDownLatch(0)).execute("--port", "-1")).isEqualTo(BackpropCli.USAGE);
        assertThat(err.toString()).isEqualTo("error: --port: expected 0 to 65535, got -1\n"
                + "Try 'playground --help' for the options.\n");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void aTakenPortIsAFailureOnOneLine() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertThat(playground(new CountDownLatch(0)).execute("--port", String.valueOf(port)))
                    .isEqualTo(BackpropCli.FAILURE);
            assertThat(err.toString()).startsWith("error: cannot listen on 127.0.0.1:" + port + ": ").hasLineCount(1);
            assertThat(out.toString()).isEmpty();
        }
    }
}
