package org.backprop.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The entry point of the {@code backprop} jar. */
public final class Main {
    private Main() {
    }

    /**
     * Runs the command line and exits with its code ({@value BackpropCli#OK}, {@value BackpropCli#USAGE}
     * or {@value BackpropCli#FAILURE}): never returns.
     *
     * @param args the command and its options, as typed after {@code backprop}
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = BackpropCli.execute(args, out, err);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
