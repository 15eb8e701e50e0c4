package org.backprop.io;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, strict JSON reader and writer, so that the core library needs nothing but the JDK for
 * its model files, explanations and test data.
 *
 * <p>Reading maps JSON to plain Java values: objects to {@code LinkedHashMap<String, Object>} (key
 * order kept), arrays to {@code ArrayList<Object>}, numbers to {@code Double} (or {@code Long} for
 * integers that fit), strings, booleans and {@code null}. Errors give the line and column.
 *
 * <p>Writing accepts the same kinds of values, plus any {@code Number}, {@code double[]},
 * {@code float[]}, {@code int[]} and {@code double[][]}. Doubles are written in Java's shortest
 * round-trip form, so a value read back is bit-identical; NaN and infinities are refused, since
 * JSON has no spelling for them.
 *
 * <p>Stateless from the caller's side (each call parses with its own reader), so every method may
 * be called from any number of threads at once.
 */
public final class Json {
    /**
     * The deepest nesting of arrays and objects read ({@value}): far more than any file of this
     * library has (a model file nests 4 deep), and far less than would exhaust the thread's stack.
     */
    public static final int MAX_DEPTH = 64;

    private final String text;
    private int pos;
    private int depth;

    private Json(String text) {
        this.text = text;
    }

    /** Thrown for malformed JSON; the message gives line, column and what was expected. */
    public static final class ParseException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        /** The 1-based line of the error. */
        private final int line;
        /** The 1-based column of the error, in {@code char}s. */
        private final int column;

        ParseException(String message, int line, int column) {
            super("JSON line " + line + ", column " + column + ": " + message);
            this.line = line;
            this.column = column;
        }

        /**
         * The 1-based line of the error.
         *
         * @return the line number, counting {@code '\n'} characters before the error, at least 1
         */
        public int line() {
            return line;
        }

        /**
         * The 1-based column of the error.
         *
         * @return the column in characters ({@code char}s) from the start of the line, at least 1
         */
        public int column() {
            return column;
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * Parses one JSON value (surrounding white space allowed, nothing else after it).
     *
     * @param text the whole JSON document, not null
     * @return a new value owned by the caller: a {@code LinkedHashMap<String, Object>},
     *         {@code ArrayList<Object>}, {@code String}, {@code Double}, {@code Long}, {@code Boolean},
     *         or {@code null} for the JSON literal {@code null}
     * @throws ParseException with line and column when the text is not valid JSON or nests deeper
     *                        than {@link #MAX_DEPTH}
     */
    public static Object parse(String text) {
        Json p = new Json(text);
        p.skipSpace();
        Object value = p.readValue();
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected '" + text.charAt(p.pos) + "' after the end of the value");
        }
        return value;
    }

    private Object readValue() {
        if (pos >= text.length()) {
            throw error("unexpected end of input, expected a value");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{': return nested(this::readObject);
            case '[': return nested(this::readArray);
            case '"': return readString();
            case 't': expectWord("true"); return Boolean.TRUE;
            case 'f': expectWord("false"); return Boolean.FALSE;
            case 'n': expectWord("null"); return null;
            default:
                if (c == '-' || (c >= '0' && c <= '9')) {
                    return readNumber();
                }
                throw error("unexpected '" + c + "', expected a value");
        }
    }

    private Object nested(java.util.function.Supplier<Object> read) {
        if (++depth > MAX_DEPTH) {
            throw error("nested deeper than " + MAX_DEPTH + " arrays and objects");
        }
        Object value = read.get();
        depth--;
        return value;
    }

    private Map<String, Object> readObject() {
        Map<String, Object> out = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek() == '}') {
            pos++;
            return out;
        }
        while (true) {
            skipSpace();
            if (peek() != '"') {
                throw error("expected a string key");
            }
            String key = readString();
            skipSpace();
            expect(':');
            skipSpace();
            if (out.containsKey(key)) {
                throw error("duplicate key \"" + key + "\"");
            }
            out.put(key, readValue());
            skipSpace();
            char c = peek();
            pos++;
            if (c == '}') {
                return out;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or '}' in object");
            }
        }
    }

    private List<Object> readArray() {
        List<Object> out = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek() == ']') {
            pos++;
            return out;
        }
        while (true) {
            skipSpace();
            out.add(readValue());
            skipSpace();
            char c = peek();
            pos++;
            if (c == ']') {
                return out;
            }
            if (c != ',') {
                pos--;
                throw error("expected ',' or ']' in array");
            }
        }
    }

    private String readString() {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == '"') {
                return sb.toString();
            }
            if (c < 0x20) {
                pos--;
                throw error("control character in string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            char e = pos < text.length() ? text.charAt(pos++) : '?';
            switch (e) {
                case '"': sb.append('"'); break;
                case '\\': sb.append('\\'); break;
                case '/': sb.append('/'); break;
                case 'b': sb.append('\b'); break;
                case 'f': sb.append('\f'); break;
                case 'n': sb.append('\n'); break;
                case 'r': sb.append('\r'); break;
                case 't': sb.append('\t'); break;
                case 'u':
                    if (pos + 4 > text.length()) {
                        throw error("short \\u escape");
                    }
                    String hex = text.substring(pos, pos + 4);
                    if (!hex.chars().allMatch(h -> "0123456789abcdefABCDEF".indexOf(h) >= 0)) {
                        throw error("bad \\u escape '\\u" + hex + "', expected 4 hexadecimal digits");
                    }
                    sb.append((char) Integer.parseInt(hex, 16));
                    pos += 4;
                    break;
                default:
                    pos--;
                    throw error("bad escape '\\" + e + "'");
            }
        }
    }

    private Object readNumber() {
        int start = pos;
        if (peek() == '-') {
            pos++;
        }
        while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        String s = text.substring(start, pos);
        boolean integral = s.indexOf('.') < 0 && s.indexOf('e') < 0 && s.indexOf('E') < 0;
        try {
            if (integral) {
                try {
                    return Long.parseLong(s);
                } catch (NumberFormatException tooLarge) {
                    return Double.parseDouble(s); // beyond the range of a long: read as a double
                }
            }
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            pos = start;
            throw error("bad number '" + s + "'");
        }
    }

    private void expectWord(String word) {
        if (!text.startsWith(word, pos)) {
            throw error("unexpected token, expected '" + word + "'");
        }
        pos += word.length();
    }

    private void expect(char c) {
        if (peek() != c) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private char peek() {
        if (pos >= text.length()) {
            throw error("unexpected end of input");
        }
        return text.charAt(pos);
    }

    private void skipSpace() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private ParseException error(String message) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new ParseException(message, line, col);
    }

    // ---------------------------------------------------------------- writing

    /**
     * The value as compact JSON.
     *
     * @param value a {@code Map} (keys written with {@code String.valueOf}), {@code Iterable},
     *              {@code String}, {@code Boolean}, {@code Number}, {@code double[]}, {@code float[]},
     *              {@code int[]}, {@code double[][]} or {@code null}, nested freely but not containing
     *              itself
     * @return the JSON text on one line, with no white space between tokens
     * @throws IllegalArgumentException if a value is of another type, or a number is NaN or infinite
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, -1, 0);
        return sb.toString();
    }

    /**
     * The value as JSON indented by two spaces; arrays of numbers stay on one line.
     *
     * @param value a value of the kinds {@link #write(Object)} accepts
     * @return the JSON text, one object member per line, ending in {@code '\n'}
     * @throws IllegalArgumentException if a value is of another type, or a number is NaN or infinite
     */
    public static String writePretty(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 2, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object value, int indent, int depth) {
        if (value == null) {
            sb.append("null");
        } else if (value instanceof String) {
            quote(sb, (String) value);
        } else if (value instanceof Boolean) {
            sb.append(value);
        } else if (value instanceof Double || value instanceof Float) {
            number(sb, ((Number) value).doubleValue());
        } else if (value instanceof Number) {
            sb.append(((Number) value).longValue());
        } else if (value instanceof Map) {
            writeObject(sb, (Map<?, ?>) value, indent, depth);
        } else if (value instanceof double[]) {
            List<Object> l = new ArrayList<>();
            for (double d : (double[]) value) {
                l.add(d);
            }
            write(sb, l, indent, depth);
        } else if (value instanceof float[]) {
            List<Object> l = new ArrayList<>();
            for (float f : (float[]) value) {
                l.add((double) f);
            }
            write(sb, l, indent, depth);
        } else if (value instanceof int[]) {
            List<Object> l = new ArrayList<>();
            for (int i : (int[]) value) {
                l.add((long) i);
            }
            write(sb, l, indent, depth);
        } else if (value instanceof double[][]) {
            List<Object> l = new ArrayList<>();
            for (double[] row : (double[][]) value) {
                l.add(row);
            }
            write(sb, l, indent, depth);
        } else if (value instanceof Iterable) {
            writeArray(sb, (Iterable<?>) value, indent, depth);
        } else {
            throw new IllegalArgumentException("cannot write a value of type " + value.getClass().getSimpleName() + " as JSON");
        }
    }

    private static void writeObject(StringBuilder sb, Map<?, ?> map, int indent, int depth) {
        if (map.isEmpty()) {
            sb.append("{}");
            return;
        }
        sb.append('{');
        boolean first = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            sb.append(first ? "" : ",");
            first = false;
            newline(sb, indent, depth + 1);
            quote(sb, String.valueOf(e.getKey()));
            sb.append(indent < 0 ? ":" : ": ");
            write(sb, e.getValue(), indent, depth + 1);
        }
        newline(sb, indent, depth);
        sb.append('}');
    }

    private static void writeArray(StringBuilder sb, Iterable<?> items, int indent, int depth) {
        boolean flat = true;
        boolean empty = true;
        for (Object o : items) {
            empty = false;
            flat &= o == null || o instanceof Number || o instanceof Boolean || o instanceof String;
        }
        if (empty) {
            sb.append("[]");
            return;
        }
        sb.append('[');
        boolean first = true;
        for (Object o : items) {
            sb.append(first ? "" : (flat && indent >= 0 ? ", " : ","));
            first = false;
            if (!flat) {
                newline(sb, indent, depth + 1);
            }
            write(sb, o, indent, depth + 1);
        }
        if (!flat) {
            newline(sb, indent, depth);
        }
        sb.append(']');
    }

    private static void newline(StringBuilder sb, int indent, int depth) {
        if (indent >= 0) {
            sb.append('\n');
            for (int i = 0; i < indent * depth; i++) {
                sb.append(' ');
            }
        }
    }

    private static void number(StringBuilder sb, double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new IllegalArgumentException("a number is " + d + ", which JSON cannot hold (the values diverged "
                    + "or the data has extreme values)");
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            sb.append((long) d);
            if (d == 0 && 1 / d < 0) {
                sb.setLength(sb.length() - 1);
                sb.append("-0.0");
            } else {
                sb.append(".0");
            }
        } else {
            sb.append(d);
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"': sb.append("\\\""); break;
                case '\\': sb.append("\\\\"); break;
                case '\n': sb.append("\\n"); break;
                case '\r': sb.append("\\r"); break;
                case '\t': sb.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
            }
        }
        sb.append('"');
    }
}
