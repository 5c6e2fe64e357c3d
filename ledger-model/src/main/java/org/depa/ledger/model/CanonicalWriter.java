package org.depa.ledger.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.erdtman.jcs.NumberToJSON;

/**
 * RFC 8785 canonical JSON written straight from Jackson's token stream, without printing the
 * document as text and parsing it back (what the RFC 8785 library needs). The output is byte for
 * byte what {@code new JsonCanonicalizer(mapper.writeValueAsString(value)).getEncodedUTF8()}
 * gives: members sorted by their names' UTF-16 code units ({@link String#compareTo}), strings
 * escaped as the library escapes them, numbers converted to IEEE doubles from the text Jackson
 * would have printed and written in ECMAScript form by the library's own number writer. Anything
 * whose text form this writer does not reproduce exactly (embedded objects, raw values, NaN or
 * infinite numbers, numbers held as text, duplicate member names) returns {@code null}, and the
 * caller falls back to the library. {@code CanonicalWriterTest} compares both on random documents.
 */
final class CanonicalWriter {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /** Thrown inside the walk when the fast path cannot reproduce the library's output. */
    private static final class Unsupported extends Exception {
        private static final long serialVersionUID = 1L;

        Unsupported() {
            super(null, null, false, false);
        }
    }

    /** One object member: its name and its value (a String of canonical text, a Text, or a Node). */
    private record Member(String name, Object value) {}

    /** A string value, escaped when it is written out (one copy less than escaping it first). */
    private record Text(String raw) {}

    /** An object (sorted at write time) or an array (in order). */
    private record Node(boolean object, List<Object> items) {}

    private CanonicalWriter() {}

    /** The canonical UTF-8 bytes of {@code value}, or {@code null} if the caller must fall back. */
    static byte[] write(ObjectMapper mapper, Object value) throws IOException {
        TokenBuffer buffer = new TokenBuffer(mapper, false);
        mapper.writeValue(buffer, value);
        StringBuilder out = new StringBuilder(256);
        try (JsonParser p = buffer.asParserOnFirstToken()) {
            Object root = value(p, p.currentToken());
            if (!(root instanceof Node) || p.nextToken() != null) {
                return null;
            }
            emit(root, out);
        } catch (Unsupported e) {
            return null;
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The value starting at token {@code t}: canonical text for scalars, a Node otherwise. */
    private static Object value(JsonParser p, JsonToken t) throws IOException, Unsupported {
        if (t == null) {
            throw new Unsupported();
        }
        switch (t) {
            case START_OBJECT: {
                List<Object> members = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_OBJECT; n = p.nextToken()) {
                    if (n != JsonToken.FIELD_NAME) {
                        throw new Unsupported();
                    }
                    String name = p.currentName();
                    members.add(new Member(name, value(p, p.nextToken())));
                }
                return new Node(true, members);
            }
            case START_ARRAY: {
                List<Object> items = new ArrayList<>();
                for (JsonToken n = p.nextToken(); n != JsonToken.END_ARRAY; n = p.nextToken()) {
                    items.add(value(p, n));
                }
                return new Node(false, items);
            }
            case VALUE_STRING:
                return new Text(p.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return number(p.getNumberValue());
            case VALUE_TRUE:
                return "true";
            case VALUE_FALSE:
                return "false";
            case VALUE_NULL:
                return "null";
            default:
                throw new Unsupported();
        }
    }

    /** A number as the library writes the double it parses from Jackson's text for it. */
    private static String number(Number n) throws IOException, Unsupported {
        double d;
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte) {
            // Exact integer to double is correctly rounded, as Double.valueOf(its decimal text) is.
            d = n.longValue();
        } else if (n instanceof Double x) {
            d = x;
        } else if (n instanceof Float f) {
            // Jackson prints a float with Float.toString; the library reads that text as a double.
            if (f.isNaN() || f.isInfinite()) {
                throw new Unsupported();
            }
            d = Double.parseDouble(Float.toString(f));
        } else if (n instanceof BigInteger || n instanceof BigDecimal) {
            d = Double.parseDouble(n.toString());
        } else {
            throw new Unsupported();
        }
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new Unsupported();
        }
        return NumberToJSON.serializeNumber(d);
    }

    private static void emit(Object v, StringBuilder out) throws Unsupported {
        if (v instanceof String s) {
            out.append(s);
            return;
        }
        if (v instanceof Text t) {
            string(t.raw(), out);
            return;
        }
        Node node = (Node) v;
        List<Object> items = node.items();
        if (!node.object()) {
            out.append('[');
            for (int i = 0; i < items.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                emit(items.get(i), out);
            }
            out.append(']');
            return;
        }
        Member[] members = items.toArray(new Member[0]);
        Arrays.sort(members, (a, b) -> a.name().compareTo(b.name()));
        out.append('{');
        for (int i = 0; i < members.length; i++) {
            if (i > 0) {
                if (members[i].name().equals(members[i - 1].name())) {
                    throw new Unsupported(); // the library refuses duplicate names; let it say so
                }
                out.append(',');
            }
            string(members[i].name(), out);
            out.append(':');
            emit(members[i].value(), out);
        }
        out.append('}');
    }

    /** A string escaped as the RFC 8785 library escapes it. */
    static void string(String s, StringBuilder out) {
        out.append('"');
        int len = s.length();
        int first = 0;
        while (first < len && plain(s.charAt(first))) {
            first++;
        }
        if (first == len) {
            // Nothing to escape (the usual case): one bulk copy, not StringBuilder's char-by-char
            // append of a range.
            out.append(s).append('"');
            return;
        }
        int start = 0;
        for (int i = first; i < len; i++) {
            char c = s.charAt(i);
            if (plain(c)) {
                continue;
            }
            out.append(s, start, i);
            start = i + 1;
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        out.append(s, start, len).append('"');
    }

    /** A character the library writes as it is. */
    private static boolean plain(char c) {
        return c >= 0x20 && c != '"' && c != '\\';
    }
}
