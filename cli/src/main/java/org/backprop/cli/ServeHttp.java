package org.backprop.cli;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import org.backprop.viz.web.LoopbackServer;

/**
 * The HTTP side of {@code backprop serve}: {@link PredictionService}'s answers on a
 * {@link LoopbackServer}. Apart from {@link ServeCommand} so that the web server's classes (in the
 * companion jar {@code backprop-web.jar}, see {@link Companion}) load only when {@code serve} runs.
 */
final class ServeHttp {
    private final LoopbackServer server;

    private ServeHttp(LoopbackServer server) {
        this.server = server;
    }

    /**
     * Starts serving on {@code host:port}, with the playground server's bounds and a request body of
     * at most {@code maxBodyBytes}.
     *
     * @throws IOException if the address cannot be bound
     */
    static ServeHttp start(String host, int port, int maxBodyBytes, PredictionService service) throws IOException {
        LoopbackServer.Limits limits = LoopbackServer.Limits.defaults().withMaxBodyBytes(maxBodyBytes);
        return new ServeHttp(LoopbackServer.start(host, port, limits, ex -> {
            PredictionService.Answer a = service.answer(ex.method(), ex.path(), ex.header("Content-Type"), () -> {
                try {
                    return ex.body();
                } catch (LoopbackServer.BodyTooLargeException e) {
                    throw new PredictionService.Refusal(413, e.getMessage());
                } catch (IllegalArgumentException e) {
                    throw new PredictionService.Refusal(400, e.getMessage());
                }
            });
            a.headers().forEach(ex::responseHeader);
            ex.send(a.status(), "application/json", a.json());
        }));
    }

    /** The base address, such as {@code http://127.0.0.1:8081/}. */
    URI uri() {
        return server.uri();
    }

    /** Stops accepting connections, answers the requests in progress for at most {@code grace}, and stops. */
    void close(Duration grace) {
        server.close(grace);
    }
}
