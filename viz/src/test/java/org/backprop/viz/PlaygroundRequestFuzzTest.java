package org.backprop.viz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;
import org.backprop.io.Json;

/**
 * Coverage-guided fuzzing of what the playground does with a request: the JSON body of
 * {@code POST /api/config} and the indices of {@code GET /api/explain}. Only
 * {@link IllegalArgumentException} (answered 400, with its message) may escape.
 */
class PlaygroundRequestFuzzTest {
    private static PlaygroundSession session;

    private static synchronized PlaygroundSession session() {
        if (session == null) {
            session = new PlaygroundSession("fuzz", PlaygroundConfig.defaults());
            session.step();
        }
        return session;
    }

    @FuzzTest(maxDuration = "10s")
    void answersOrRefuses(FuzzedDataProvider data) {
        int layer = data.consumeInt(-2, 8);
        int row = data.consumeInt(-2, 10);
        int col = data.consumeInt(-2, 10);
        String body = data.consumeRemainingAsString();
        try {
            Object parsed = Json.parse(body);
            if (parsed instanceof Map<?, ?> m) {
                PlaygroundConfig.fromMap(m);
            }
        } catch (IllegalArgumentException expected) {
            // 400 with the message
        }
        try {
            session().explainWeight(layer, row, col);
        } catch (IllegalArgumentException expected) {
            // 400 with the message
        }
    }
}
