package org.backprop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.backprop.model.TrainedModel;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backprop serve}: a model's predictions over HTTP ({@link PredictionService} says what it
 * answers) on the playground's embedded server ({@link ServeHttp}, on
 * {@code org.backprop.viz.web.LoopbackServer} with its bounds on connections, threads, headers and
 * idle clients). It listens on 127.0.0.1 unless {@code --host}
 * says otherwise (with a warning: there is no authentication or TLS), prints its address, and serves
 * until the process is stopped: on SIGINT or SIGTERM it stops accepting connections, answers the
 * requests in progress (for at most {@value #GRACE_SECONDS} s) and exits.
 *
 * <p>Exit codes as every command ({@link CommandErrors}): 2 for a bad option (a port out of range, a
 * limit out of range, a {@code --host} that is not an IP address, no {@code --model}); 1 for a model
 * file that is missing or cannot be read, or an address and port that cannot be bound.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Serves a model's predictions over HTTP: POST /predict with {\"rows\": [[...], ...]} (raw feature "
                + "values in the model's order, or objects by feature name) answers labels and probabilities "
                + "(classification) or values (regression); GET /health; GET /model (features, classes, provenance).",
                "Listens on 127.0.0.1 unless --host says otherwise. Stops on Ctrl-C (SIGINT) or SIGTERM, "
                + "after answering the requests in progress."})
public final class ServeCommand implements Callable<Integer> {
    /** The longest wait for requests in progress when stopping. */
    static final int GRACE_SECONDS = 5;

    @Spec
    CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8081",
            description = "TCP port; 0 picks a free one, printed at start (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", paramLabel = "ADDRESS", defaultValue = "127.0.0.1",
            description = "IP address to listen on (default: ${DEFAULT-VALUE}, this machine only); 0.0.0.0 listens on every "
                    + "interface, reachable from other machines.")
    String host;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "1048576",
            description = "Largest request body, 1024 to 67108864 bytes; a larger one gets 413 (default: ${DEFAULT-VALUE}, 1 MiB).")
    int maxBody;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "1000",
            description = "Most rows in one request, 1 to 1000000; more get 413 (default: ${DEFAULT-VALUE}).")
    int maxRows;

    @Option(names = "--rate-limit", paramLabel = "PER_SECOND", defaultValue = "1000",
            description = "Requests per second over all clients, 1 to 1000000; above it a request gets 429 with "
                    + "Retry-After (default: ${DEFAULT-VALUE}).")
    int rateLimit;

    @Option(names = "--burst", paramLabel = "N",
            description = "Requests allowed at once above the rate (the token bucket's size), 1 to 1000000 "
                    + "(default: the rate limit, one second's worth).")
    Integer burst;

    private final CountDownLatch stop;

    /** A command that serves until the process is stopped. */
    public ServeCommand() {
        this(new CountDownLatch(1));
    }

    /** A command that serves until {@code stop} is counted down (for tests). */
    ServeCommand(CountDownLatch stop) {
        this.stop = stop;
    }

    @Override
    public Integer call() throws IOException {
        if (port < 0 || port > 65535) {
            throw new UsageException("--port: expected 0 to 65535, got " + port);
        }
        check("--max-body", maxBody, 1024, 64 << 20);
        check("--max-rows", maxRows, 1, 1_000_000);
        check("--rate-limit", rateLimit, 1, 1_000_000);
        int bucket = burst == null ? rateLimit : burst;
        check("--burst", bucket, 1, 1_000_000);
        InetAddress address = address(host);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();

        Companion.WEB.require("serve");
        TrainedModel model = modelOptions.load();
        PredictionService service = new PredictionService(model,
                new PredictionService.Limits(maxRows, maxBody, rateLimit, bucket), System::nanoTime);
        ServeHttp server;
        try {
            server = ServeHttp.start(address.getHostAddress(), port, maxBody, service);
        } catch (IOException e) {
            throw new CommandFailure("cannot listen on " + address.getHostAddress() + ":" + port + ": " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            try {
                stopped.await(GRACE_SECONDS + 5, TimeUnit.SECONDS); // the JVM ends when the hooks have run
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "serve-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (!address.isLoopbackAddress()) {
                err.println("warning: listening on " + address.getHostAddress() + ", reachable from other machines; "
                        + "the server has no authentication and no TLS");
                err.flush();
            }
            out.println("Serving " + modelOptions.model + " (" + model.task().label() + ", " + model.network().inputs()
                    + " features) at " + server.uri() + "  (" + PredictionService.ENDPOINTS + "; Ctrl-C to stop)");
            out.flush();
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            server.close(Duration.ofSeconds(GRACE_SECONDS));
            out.println("Stopped.");
            out.flush();
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is what stopped us
            }
        }
        return BackpropCli.OK;
    }

    private static void check(String option, int value, int min, int max) {
        if (value < min || value > max) {
            throw new UsageException(option + ": expected " + min + " to " + max + ", got " + value);
        }
    }

    /** The address to bind: an IP address (names are not looked up, so that a typo cannot reach a DNS server). */
    private static InetAddress address(String host) {
        if (!host.matches("[0-9.]+|[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new UsageException("--host: expected an IP address such as 127.0.0.1 or 0.0.0.0, got '" + host + "'");
        }
        try {
            return InetAddress.getByName(host); // a literal address: parsed, not looked up
        } catch (UnknownHostException e) {
            throw new UsageException("--host: '" + host + "' is not a valid IP address");
        }
    }
}
