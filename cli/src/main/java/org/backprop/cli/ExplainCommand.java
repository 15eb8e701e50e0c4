package org.backprop.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.backprop.data.DataFormatException;
import org.backprop.explain.ExplainSpec;
import org.backprop.explain.Explainer;
import org.backprop.explain.Explanation;
import org.backprop.explain.HtmlRenderer;
import org.backprop.explain.JsonRenderer;
import org.backprop.explain.Layout;
import org.backprop.explain.MarkdownRenderer;
import org.backprop.explain.TextRenderer;
import org.backprop.explain.WeightNotation;
import org.backprop.io.AtomicFiles;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code backprop explain}: one step of backpropagation on a small network, every number shown.
 * Without {@code --network} it explains the lecture's 2-2-1 network ({@link ExplainSpec#lecture()}).
 *
 * <p>Output goes to standard output, or with {@code --out FILE} to a file written atomically. A bad
 * option is a usage error; an unreadable file, malformed JSON or wrong shapes are bad data, reported
 * as one line naming the file and the field (see {@link CommandErrors}).
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Shows backpropagation on a small dense network, number by number: the forward pass, the loss, "
                + "every gradient as its chain-rule factors (from the real backward pass) beside a finite difference, "
                + "and the update w - eta*dL/dw.",
                "Without --network: the lecture's 2-2-1 network (x = (0.05, 0.1), y = 0.01, sigmoid hidden layer, "
                + "linear output, L = (y^ - y)^2, eta = 0.5)."})
public final class ExplainCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Format {
        /** Unicode text for a terminal. */
        TEXT,
        /** GitHub Markdown tables. */
        MARKDOWN,
        /** A self-contained HTML page with MathML formulas. */
        HTML,
        /** One JSON object. */
        JSON
    }

    @Spec
    private CommandSpec spec;

    @Mixin
    CommonOptions common;

    @Option(names = "--network", paramLabel = "FILE",
            description = "JSON network: {\"input\":[..], \"target\":[..], \"loss\":\"mse|half-squared|bce|cross-entropy\", "
                    + "\"learningRate\":0.5, \"layers\":[{\"activation\":\"sigmoid\", \"weights\":[[..]] (out x in), "
                    + "\"biases\":[..]}, ...]}")
    private Path network;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "1",
            description = "Steps of forward, backward and update to run; the first is explained, the loss of each is listed "
                    + "(default: ${DEFAULT-VALUE}).")
    private int steps;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text",
            description = "text, markdown, html or json (default: ${DEFAULT-VALUE}).",
            converter = FormatConverter.class)
    private Format format;

    @Option(names = "--notation", paramLabel = "NOTATION", defaultValue = "pytorch",
            description = "How weights are indexed: pytorch (w¹₁₂ = W¹[1][2], into neuron 1 from input 2: [out][in]) or "
                    + "lecture (w¹₂₁ = from input 2 to neuron 1). Lecture implies --layout delta (default: ${DEFAULT-VALUE}).",
            converter = NotationConverter.class)
    private WeightNotation notation;

    @Option(names = "--layout", paramLabel = "LAYOUT",
            description = "chain: every gradient as its whole chain of factors (pytorch notation only); delta: the "
                    + "intermediate quantities (∂L/∂a per neuron, f′(z) filled in, δ as a sum with every term, ∂L/∂w = δ·a), "
                    + "lines of at most 100 characters (default: chain, or delta with --notation lecture).",
            converter = StyleConverter.class)
    private Layout.Style layout;

    @Option(names = "--json", description = "Same as --format json.")
    private boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Write to FILE (atomically) instead of standard output.")
    private Path out;

    /** A command with default options; picocli fills the fields. */
    public ExplainCommand() {
    }

    @Override
    public Integer call() throws IOException {
        if (steps < 1 || steps > Explainer.MAX_STEPS) {
            throw new UsageException("--steps: expected 1 to " + Explainer.MAX_STEPS + ", got " + steps);
        }
        Layout.Style style = layout != null ? layout
                : notation == WeightNotation.LECTURE ? Layout.Style.DELTA : Layout.Style.CHAIN;
        if (style == Layout.Style.CHAIN && notation != WeightNotation.PYTORCH) {
            throw new UsageException("--layout chain is written in pytorch notation only; "
                    + "use --layout delta with --notation lecture");
        }
        Explanation e = Explainer.explain(network == null ? ExplainSpec.lecture() : read(network), steps);
        String text = render(e, json ? Format.JSON : format, notation, style);
        if (out == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            AtomicFiles.writeString(out, text);
        }
        return BackpropCli.OK;
    }

    /** The network file, parsed; a malformed one is bad data naming the file. */
    private static ExplainSpec read(Path file) throws IOException {
        if (Files.isRegularFile(file) && Files.size(file) > ExplainSpec.MAX_FILE_BYTES) {
            throw new DataFormatException(file.toString(), 0, null, Files.size(file) + " bytes; a network to explain is "
                    + "small (at most " + ExplainSpec.MAX_PARAMETERS + " weights and biases), its file at most "
                    + ExplainSpec.MAX_FILE_BYTES + " bytes");
        }
        String json;
        try {
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new DataFormatException(file.toString(), 0, null, "not UTF-8 text");
        }
        try {
            return ExplainSpec.parse(json);
        } catch (IllegalArgumentException e) {
            throw new DataFormatException(file.toString(), 0, null, e.getMessage());
        }
    }

    /**
     * The explanation in the given format, the original layout ({@code [out][in]}, each gradient as its chain).
     *
     * @param e      the computed explanation
     * @param format the output format
     * @return the whole text (a complete HTML page or JSON object for those formats)
     */
    public static String render(Explanation e, Format format) {
        return render(e, format, WeightNotation.PYTORCH, Layout.Style.CHAIN);
    }

    /**
     * The explanation in the given format, notation and layout (JSON is the same whatever the notation).
     *
     * @param e        the computed explanation
     * @param format   the output format
     * @param notation how weights are indexed: {@code [out][in]} (PyTorch) or the lecture's {@code w_ij}
     * @param style    each gradient as its full chain-rule product, or through the layer's δ
     * @return the whole text (a complete HTML page or JSON object for those formats)
     * @throws IllegalArgumentException for {@link Layout.Style#CHAIN} with {@link WeightNotation#LECTURE}
     *                                  (the chain layout is written in PyTorch notation only)
     */
    public static String render(Explanation e, Format format, WeightNotation notation, Layout.Style style) {
        Layout layout = Layout.of(e, notation, style);
        return switch (format) {
            case MARKDOWN -> MarkdownRenderer.render(layout);
            case HTML -> HtmlRenderer.render(e, layout, notation);
            case JSON -> JsonRenderer.render(e);
            case TEXT -> TextRenderer.render(layout, style == Layout.Style.DELTA ? TextRenderer.SCREEN_WIDTH : 0);
        };
    }

    /** Reads {@code lecture} or {@code pytorch}. */
    static final class NotationConverter implements CommandLine.ITypeConverter<WeightNotation> {
        @Override
        public WeightNotation convert(String value) {
            try {
                return WeightNotation.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Reads {@code chain} or {@code delta}. */
    static final class StyleConverter implements CommandLine.ITypeConverter<Layout.Style> {
        @Override
        public Layout.Style convert(String value) {
            try {
                return Layout.Style.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected chain or delta, got '" + value + "'");
            }
        }
    }

    /** Reads {@code text}, {@code markdown}, {@code html}, {@code json} in any case. */
    static final class FormatConverter implements CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            try {
                return Format.valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected text, markdown, html or json, got '" + value + "'");
            }
        }
    }
}
