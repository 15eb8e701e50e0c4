package org.backprop.viz;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.backprop.io.Json;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

// Timeout: a guard against a hung stream, not a speed assertion.
@org.junit.jupiter.api.Timeout(120)
class PlaygroundServerTest {
    private PlaygroundServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeEach
    void start() throws IOException {
        server = PlaygroundServer.start(0, PlaygroundConfig.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> request(String method, String path, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(server.uri().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build();
        return http.send(r, HttpResponse.BodyHandlers.ofString());
    }

    private String newSession() throws Exception {
        return (String) ((Map<?, ?>) Json.parse(request("POST", "/api/session", null).body())).get("id");
    }

    @Test
    void servesThePageAndItsScriptsFromTheClassPath() throws Exception {
        HttpResponse<String> page = request("GET", "/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<canvas id=\"boundary\"").contains("playground.js").doesNotContain("http");
        assertThat(request("GET", "/playground.js", null).body()).contains("EventSource");
        // refused either way: by Jetty's URI check (400, a path above the root) or the name check (404)
        assertThat(request("GET", "/../pom.xml", null).statusCode()).isIn(400, 404);
    }

    @Test
    void stepsTrainOnTheEngineAndTheLossFalls() throws Exception {
        // Given a session
        String id = newSession();
        Map<?, ?> before = (Map<?, ?>) Json.parse(request("GET", "/api/state?session=" + id, null).body());
        // When it trains 20 epochs
        for (int i = 0; i < 20; i++) {
            assertThat(request("POST", "/api/step?session=" + id, null).statusCode()).isEqualTo(200);
        }
        Map<?, ?> after = (Map<?, ?>) Json.parse(request("GET", "/api/state?session=" + id, null).body());
        // Then the epoch counts up, the training loss falls, and the boundary covers the grid
        assertThat(((Number) after.get("epoch")).intValue()).isEqualTo(20);
        assertThat((Double) after.get("trainLoss")).isLessThan((Double) before.get("trainLoss"));
        assertThat(java.util.Base64.getDecoder().decode((String) ((Map<?, ?>) after.get("output")).get("cells")))
                .hasSize(PlaygroundSession.GRID * PlaygroundSession.GRID);
        assertThat((List<?>) after.get("points")).hasSize(PlaygroundConfig.POINTS);
    }

    @Test
    void explainGivesFactorsThatMultiplyToTheGradient() throws Exception {
        String id = newSession();
        request("POST", "/api/step?session=" + id, null);
        Map<?, ?> e = (Map<?, ?>) Json.parse(request("GET", "/api/explain?session=" + id + "&layer=1&row=0&col=1", null).body());
        assertThat(e.get("symbol")).isEqualTo("∂L/∂w²₁₂");
        double product = 1;
        for (Object f : (List<?>) e.get("factors")) {
            product *= ((Number) ((Map<?, ?>) f).get("value")).doubleValue();
        }
        double g = ((Number) e.get("gradient")).doubleValue();
        assertThat(product).isCloseTo(g, org.assertj.core.api.Assertions.within(1e-12 + 1e-9 * Math.abs(g)));
        assertThat(((Number) e.get("numeric")).doubleValue())
                .isCloseTo(g, org.assertj.core.api.Assertions.within(1e-6 + 1e-6 * Math.abs(g)));
    }

    @Test
    void theStateCarriesTheBatchGradientsAndTheBackwardPassPageIsServed() throws Exception {
        String id = newSession();
        request("POST", "/api/step?session=" + id, null);
        Map<?, ?> s = (Map<?, ?>) Json.parse(request("GET", "/api/state?session=" + id, null).body());
        Map<?, ?> first = (Map<?, ?>) ((List<?>) s.get("layers")).get(0);
        // ∂L/∂W shaped like W, and one ∂L/∂b (the batch's summed δ) per neuron
        assertThat((List<?>) first.get("weightGradients")).hasSameSizeAs((List<?>) first.get("weights"));
        assertThat((List<?>) first.get("biasGradients")).hasSameSizeAs((List<?>) first.get("biases"));
        HttpResponse<String> page = request("GET", "/api/explain-page?session=" + id, null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        // default 4-2 hidden layers and the output: network, 3 forward, loss, 3 backward, update
        assertThat(page.body()).contains("<section id=\"stepper\"").contains("\"notation\":\"lecture\"")
                .contains("\"lossName\":\"bce\"");
        assertThat(page.body().split("class=\"stage\"", -1)).hasSize(10);
    }

    @Test
    void configChangesRestartAndBadInputIsA400NamingTheField() throws Exception {
        String id = newSession();
        String cfg = "{\"dataset\":\"spiral\",\"hidden\":[6,6,4],\"activation\":\"relu\",\"learningRate\":0.1,"
                + "\"regularization\":\"l2\",\"regularizationRate\":0.001,\"batchSize\":5,\"noise\":0.1,\"trainRatio\":0.7}";
        assertThat(request("POST", "/api/config?session=" + id, cfg).statusCode()).isEqualTo(200);
        request("POST", "/api/step?session=" + id, null);
        Map<?, ?> s = (Map<?, ?>) Json.parse(request("GET", "/api/state?session=" + id, null).body());
        assertThat(((Map<?, ?>) s.get("config")).get("dataset")).isEqualTo("spiral");
        assertThat((List<?>) s.get("layers")).hasSize(4);
        HttpResponse<String> bad = request("POST", "/api/config?session=" + id, "{\"batchSize\":0}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("batchSize: expected 1 to 64, got 0");
        assertThat(request("POST", "/api/step?session=nope", null).statusCode()).isEqualTo(400);
        assertThat(request("GET", "/api/explain?session=" + id + "&layer=9&row=0&col=0", null).statusCode()).isEqualTo(400);
    }

    @Test
    void eventsStreamTheStateAsServerSentEvents() throws Exception {
        String id = newSession();
        HttpRequest r = HttpRequest.newBuilder(server.uri().resolve("/api/events?session=" + id))
                .timeout(Duration.ofSeconds(30)).build();
        HttpResponse<java.io.InputStream> resp = http.send(r, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(resp.body(),
                java.nio.charset.StandardCharsets.UTF_8))) {
            String first = reader.readLine();
            assertThat(first).startsWith("data: {\"session\":\"" + id + "\",\"epoch\":0");
            request("POST", "/api/step?session=" + id, null);
            reader.readLine(); // blank line ending the first event
            assertThat(reader.readLine()).contains("\"epoch\":1");
        }
    }

    @Test
    void theOldestSessionIsClosedToMakeRoomAndItsStreamEnds() throws Exception {
        String first = newSession();
        HttpResponse<java.io.InputStream> resp = http.send(HttpRequest.newBuilder(server.uri().resolve(
                "/api/events?session=" + first)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        for (int i = 0; i < PlaygroundServer.MAX_SESSIONS; i++) {
            newSession();
        }
        assertThat(server.sessionIds()).hasSize(PlaygroundServer.MAX_SESSIONS).doesNotContain(first);
        assertThat(request("POST", "/api/step?session=" + first, null).statusCode()).isEqualTo(400);
        try (java.io.InputStream in = resp.body()) {
            in.readAllBytes(); // returns: the server ended the evicted session's stream
        }
    }
}
