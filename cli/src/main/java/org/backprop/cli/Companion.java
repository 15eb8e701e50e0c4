package org.backprop.cli;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The jars that lie beside {@code backprop.jar} and hold what only some commands need, so that the
 * main jar stays small: the JVM finds them through the main jar's manifest {@code Class-Path}. A
 * command that needs one calls {@link #require(String)} first, so a missing jar is one line naming
 * the jar and where it was looked for, instead of a {@link NoClassDefFoundError} half-way through.
 * Run from Maven's class path (tests, the library) every class is present and nothing is checked.
 */
enum Companion {
    /** {@code export} and {@code import}: the onnx module, the ONNX message classes and protobuf-java. */
    ONNX("backprop-onnx.jar", "org.backprop.onnx.OnnxExporter", "the ONNX classes"),
    /** {@code playground} and {@code serve}: {@code org.backprop.viz.web} and Jetty's core server. */
    WEB("backprop-web.jar", "org.backprop.viz.web.LoopbackServer", "the web server");

    private final String jar;
    private final String probe;
    private final String holds;

    Companion(String jar, String probe, String holds) {
        this.jar = jar;
        this.probe = probe;
        this.holds = holds;
    }

    /** The file name of the companion jar. */
    String jar() {
        return jar;
    }

    /**
     * Checks that this companion's classes can be loaded.
     *
     * @param command the command that needs them, for the message
     * @throws CommandFailure naming the jar and the directory it should be in, when they cannot
     */
    void require(String command) {
        try {
            Class.forName(probe, false, Companion.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new CommandFailure(command + " needs " + jar + " (" + holds + ") beside backprop.jar"
                    + where() + "; it is built with it (mvn -B package -pl cli -am)", e);
        }
    }

    /** {@code " in DIR"} for the directory of the running jar, or nothing when it is not known. */
    private static String where() {
        try {
            Path self = Path.of(Companion.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(self) && self.getParent() != null ? " in " + self.getParent() : "";
        } catch (URISyntaxException | RuntimeException e) {
            return "";
        }
    }
}
