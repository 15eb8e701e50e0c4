package org.backprop.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.backprop.random.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonTest {

    @Test
    void doublesRoundTripBitForBit() {
        // Given awkward doubles: tiny, huge, subnormal, negative zero, integral, and 10 000 random bit patterns
        List<Double> values = new ArrayList<>(List.of(0.1, -0.0, 0.0, 1.0, -3.0, 1e15, 1e16, 123456789012345.67,
                Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -Double.MAX_VALUE, 1e-300, (double) 0.1f,
                Math.PI, Math.nextUp(1.0)));
        Rng rng = new Rng(1);
        while (values.size() < 10_000) {
            double d = Double.longBitsToDouble(rng.nextLong());
            if (Double.isFinite(d)) {
                values.add(d);
            }
        }

        // When written and read back
        @SuppressWarnings("unchecked")
        List<Object> back = (List<Object>) Json.parse(Json.write(values));

        // Then every value has the same bits
        assertThat(back).hasSize(values.size());
        for (int i = 0; i < values.size(); i++) {
            assertThat(Double.doubleToRawLongBits(((Number) back.get(i)).doubleValue()))
                    .as("value %s", values.get(i)).isEqualTo(Double.doubleToRawLongBits(values.get(i)));
        }
    }

    @Test
    void longsRoundTripExactlyIncludingNineteenDigits() {
        // Given longs near the limits (a seed such as 0x9e3779b97f4a7c15 is 19 digits as a signed long)
        long[] longs = {0, -1, 42, Long.MAX_VALUE, Long.MIN_VALUE, 0x9e3779b97f4a7c15L, 1234567890123456789L};

        // When / Then
        for (long l : longs) {
            assertThat(Json.parse(Json.write(l))).isEqualTo(l);
        }
        assertThat(Json.parse("12345678901234567890123")).isEqualTo(1.2345678901234568e22);
    }

    @Test
    void structuresRoundTripWithKeyOrderAndPrettyPrinting() {
        // Given a nested structure
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("z", List.of(1L, 2.5, "x", true, false));
        m.put("a", null);
        Map<String, Object> inner = new LinkedHashMap<>();
        inner.put("empty", List.of());
        inner.put("obj", Map.of());
        m.put("inner", inner);

        // When
        String compact = Json.write(m);
        String pretty = Json.writePretty(m);

        // Then
        assertThat(compact).isEqualTo("{\"z\":[1,2.5,\"x\",true,false],\"a\":null,\"inner\":{\"empty\":[],\"obj\":{}}}");
        assertThat(Json.parse(compact)).isEqualTo(m);
        assertThat(Json.parse(pretty)).isEqualTo(m);
        assertThat(pretty).contains("\n  \"z\": [1, 2.5, \"x\", true, false],\n");
        assertThat(new ArrayList<Object>(((Map<?, ?>) Json.parse(compact)).keySet())).containsExactly("z", "a", "inner");
    }

    @Test
    void arraysOfPrimitivesAreWritten() {
        // Given / When / Then
        assertThat(Json.write(new double[] {1.5, -2})).isEqualTo("[1.5,-2.0]");
        assertThat(Json.write(new float[] {0.1f})).isEqualTo("[" + (double) 0.1f + "]");
        assertThat(Json.write(new int[] {1, 2})).isEqualTo("[1,2]");
        assertThat(Json.write(new double[][] {{1}, {2}})).isEqualTo("[[1.0],[2.0]]");
    }

    @Test
    void stringsEscapeAndUnescape() {
        // Given a string with quotes, backslashes, controls and non-ASCII text
        String s = "say \"hi\"\\ \n\t\r \u0001 é ∂L/∂w 😀";

        // When
        String json = Json.write(s);

        // Then
        assertThat(json).isEqualTo("\"say \\\"hi\\\"\\\\ \\n\\t\\r \\u0001 é ∂L/∂w 😀\"");
        assertThat(Json.parse(json)).isEqualTo(s);
        assertThat(Json.parse("\"\\u00e9\\/\\b\\f\\ud83d\\ude00\"")).isEqualTo("é/\b\f😀");
    }

    @ParameterizedTest(name = "[{index}] {3}")
    @CsvSource(delimiter = '|', value = {
        "'{\n  \"a\": tru\n}'           | 2 | 8  | expected 'true'",
        "'[1, 2,\n 3'                   | 2 | 3  | unexpected end of input",
        "'[1 2]'                        | 1 | 4  | expected ',' or ']' in array",
        "'{\"a\" 1}'                    | 1 | 6  | expected ':'",
        "'{\"a\": 1, \"a\": 2}'         | 1 | 15 | duplicate key \"a\"",
        "'{a: 1}'                       | 1 | 2  | expected a string key",
        "'[1] x'                        | 1 | 5  | unexpected 'x' after the end of the value",
        "'\"abc'                        | 1 | 5  | unterminated string",
        "'\"a\\qb\"'                    | 1 | 4  | bad escape '\\q'",
        "'[1.2.3]'                      | 1 | 2  | bad number '1.2.3'",
        "'\"\\u12\"'                    | 1 | 4  | short \\u escape",
        "'\"\\u12zz\"'                  | 1 | 4  | bad \\u escape",
        "'\"\\u-123\"'                  | 1 | 4  | bad \\u escape",
        "''                             | 1 | 1  | unexpected end of input, expected a value",
        "'[@]'                          | 1 | 2  | unexpected '@', expected a value",
    })
    void errorsGiveLineColumnAndWhatWasExpected(String text, int line, int column, String what) {
        // Given malformed JSON
        // When / Then
        assertThatThrownBy(() -> Json.parse(text)).isInstanceOfSatisfying(Json.ParseException.class, e -> {
            assertThat(e.line()).isEqualTo(line);
            assertThat(e.column()).isEqualTo(column);
            assertThat(e.getMessage()).isEqualTo("JSON line " + line + ", column " + column + ": " + e.getMessage()
                    .substring(e.getMessage().indexOf(": ") + 2)).contains(what);
        });
    }

    @Test
    void controlCharactersInStringsAreRefused() {
        // Given a raw newline inside a string
        // When / Then
        assertThatThrownBy(() -> Json.parse("\"a\nb\"")).hasMessageContaining("control character")
                .hasMessageContaining("line 1, column 3");
    }

    @Test
    void valuesJsonCannotSpellAreRefused() {
        // Given / When / Then
        assertThatThrownBy(() -> Json.write(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> Json.write(List.of(Double.NEGATIVE_INFINITY))).hasMessageContaining("-Infinity");
        assertThatThrownBy(() -> Json.write(new Object())).hasMessage("cannot write a value of type Object as JSON");
    }

    @Test
    void deepNestingIsAnErrorNotAStackOverflow() {
        // 100 000 opening brackets would overflow the parser's stack without a depth limit
        String deep = "[".repeat(100_000);
        assertThatThrownBy(() -> Json.parse(deep)).isInstanceOf(Json.ParseException.class)
                .hasMessage("JSON line 1, column 65: nested deeper than 64 arrays and objects");
        String objects = "{\"a\":".repeat(100) + "1" + "}".repeat(100);
        assertThatThrownBy(() -> Json.parse(objects)).isInstanceOf(Json.ParseException.class)
                .hasMessageContaining("nested deeper than 64");
        // exactly the limit is fine
        assertThat(Json.parse("[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH))).isInstanceOf(List.class);
    }
}
