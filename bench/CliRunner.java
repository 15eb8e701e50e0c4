import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop.cli.BackpropCli;
import org.backprop.io.Json;

/**
 * Runs many `backprop` commands in one JVM, so that bench/defaults does not pay a JVM start and
 * warm-up per run: reads one JSON array of arguments per line on standard input, runs it as the
 * command line would, and prints one JSON object per line, {"code": …, "out": …, "err": …}.
 * Run with the CLI jar on the class path (Java's single-file launcher):
 *
 *   java --add-modules jdk.incubator.vector -cp cli/target/backprop.jar bench/CliRunner.java
 */
public final class CliRunner {
    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter stdout = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            List<?> argv = (List<?>) Json.parse(line);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = BackpropCli.execute(argv.stream().map(String::valueOf).toArray(String[]::new),
                    new PrintWriter(out), new PrintWriter(err));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("code", (long) code);
            m.put("out", out.toString());
            m.put("err", err.toString());
            stdout.println(Json.write(m));
        }
    }
}
