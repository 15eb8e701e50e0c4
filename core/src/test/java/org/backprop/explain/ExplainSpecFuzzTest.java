package org.backprop.explain;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;

/**
 * Coverage-guided fuzzing of the {@code --network} parser of {@code explain} (seeded with the
 * lecture network): only the documented {@link ExplainSpecException} and
 * {@link org.backprop.io.Json.ParseException} may escape; a network it accepts must explain
 * without an exception.
 */
class ExplainSpecFuzzTest {

    @FuzzTest(maxDuration = "10s")
    void parsesOrRefuses(byte[] bytes) {
        ExplainSpec spec;
        try {
            spec = ExplainSpec.parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (ExplainSpecException | org.backprop.io.Json.ParseException expected) {
            return;
        }
        Explainer.explain(spec, 2);
    }
}
