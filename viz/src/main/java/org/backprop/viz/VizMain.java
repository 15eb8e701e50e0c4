package org.backprop.viz;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * A stand-alone entry point for the visual commands ({@code explain}, {@code playground}), for
 * trying them before the main {@code backprop} command registers them.
 */
@Command(name = "backprop-viz", mixinStandardHelpOptions = true,
        subcommands = {ExplainCommand.class, PlaygroundCommand.class},
        description = "Backprop's visual commands.")
public final class VizMain implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** Used by picocli. */
    public VizMain() {
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs the command line and exits with its code. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new VizMain()).execute(args));
    }
}
