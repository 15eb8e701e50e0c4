package org.backprop.viz;

import picocli.CommandLine.Command;

/** Placeholder. */
@Command(name = "playground")
public final class PlaygroundCommand implements Runnable {
    @Override
    public void run() {
    }
}
