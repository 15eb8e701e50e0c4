package org.backprop.cli;

import java.io.IOException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import org.backprop.viz.PlaygroundConfig;
import org.backprop.viz.PlaygroundServer;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backprop playground}: starts the playground's web server ({@link PlaygroundServer}) on
 * 127.0.0.1, prints its address, and serves until the process is stopped (Ctrl-C). A port out of
 * range is a usage error; a port that cannot be bound is a failure (see {@link CommandErrors}).
 */
@Command(name = "playground", mixinStandardHelpOptions = true,
        description = {"Starts a local web page where a small network learns a 2-D dataset live, on this engine: "
                + "choose the problem (classification or regression), the data, the input features, layers, activation, "
                + "learning rate, batch size and regularisation; play, pause, step; watch the output, every neuron's "
                + "heatmap and the losses; click a weight to see its gradient as chain-rule factors.",
                "Listens on 127.0.0.1 only."})
public final class PlaygroundCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "8080",
            description = "TCP port on 127.0.0.1; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--seed", paramLabel = "SEED", defaultValue = "1",
            description = "Seed of the data and the initial weights (default: ${DEFAULT-VALUE}).")
    private long seed;

    private final CountDownLatch stop;

    /** A command that serves until the process ends. */
    public PlaygroundCommand() {
        this(new CountDownLatch(1));
    }

    /** A command that serves until {@code stop} is counted down (for tests). */
    PlaygroundCommand(CountDownLatch stop) {
        this.stop = stop;
    }

    @Override
    public Integer call() {
        Companion.WEB.require("playground");
        if (port < 0 || port > 65535) {
            throw new UsageException("--port: expected 0 to 65535, got " + port);
        }
        PlaygroundConfig initial = PlaygroundConfig.defaults().withSeed(seed);
        PlaygroundServer server;
        try {
            server = PlaygroundServer.start(port, initial);
        } catch (IOException e) {
            throw new CommandFailure("cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
        }
        try (server) {
            spec.commandLine().getOut().println("Playground running at " + server.uri() + "  (Ctrl-C to stop)");
            spec.commandLine().getOut().flush();
            Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "playground-stop"));
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return BackpropCli.OK;
    }
}
