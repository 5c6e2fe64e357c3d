package org.depa.ledger.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.erdtman.jcs.NumberToJSON;

/**
 * RFC 8785 canonical JSON written straight from the serialised objects, without printing the
 * document as text and parsing it back (what the RFC 8785 library needs) and without buffering
 * Jackson's tokens to read them again: Jackson's serializers write into a {@link
 * CanonicalGenerator}, which builds a small tree, and the tree is written out once. The output
 * is byte for byte what {@code new JsonCanonicalizer(mapper.writeValueAsString(value)).getEncodedUTF8()}
 * gives: members sorted by their names' UTF-16 code units ({@link String#compareTo}), strings
 * escaped as the library escapes them, numbers converted to the IEEE double the library would read
 * from the text Jackson prints for them and written in ECMAScript form by the library's own number
 * writer. Anything whose text form this writer does not reproduce exactly (embedded objects, raw
 * values, NaN or infinite numbers, numbers held as text, duplicate member names, a scalar at the
 * root) returns {@code null}, and the caller falls back to the library. {@code CanonicalWriterTest}
 * compares both on random documents.
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

    /** A string value, escaped when it is written out (one copy less than escaping it first). */
    record Text(String raw) {}

    /**
     * An object (sorted at write time; its items alternate name, value) or an array (in order).
     * Values are canonical text (a String: numbers, literals), a Text, or a Node.
     */
    record Node(boolean object, List<Object> items) {}

    private CanonicalWriter() {}

    /** The canonical UTF-8 bytes of {@code value}, or {@code null} if the caller must fall back. */
    static byte[] write(ObjectMapper mapper, Object value) throws IOException {
        CanonicalGenerator generator = new CanonicalGenerator(mapper);
        try {
            mapper.writeValue(generator, value);
        } catch (IOException | RuntimeException e) {
            if (generator.unsupported()) {
                return null;
            }
            throw e;
        }
        Node root = generator.root();
        if (root == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(256);
        try {
            emit(root, out);
        } catch (Unsupported e) {
            return null;
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** A finite double in the library's ECMAScript form. */
    static String number(double d) throws IOException {
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
        int n = items.size() / 2;
        String[] names = new String[n];
        Object[] values = new Object[n];
        for (int i = 0; i < n; i++) {
            names[i] = (String) items.get(2 * i);
            values[i] = items.get(2 * i + 1);
        }
        sortByName(names, values);
        out.append('{');
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                if (names[i].equals(names[i - 1])) {
                    throw new Unsupported(); // the library refuses duplicate names; let it say so
                }
                out.append(',');
            }
            string(names[i], out);
            out.append(':');
            emit(values[i], out);
        }
        out.append('}');
    }

    /** Sorts members by name in UTF-16 code units: insertion for a record's few, a merge sort beyond. */
    private static void sortByName(String[] names, Object[] values) {
        int n = names.length;
        if (n > 24) {
            Integer[] order = new Integer[n];
            for (int i = 0; i < n; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> names[a].compareTo(names[b]));
            String[] sortedNames = new String[n];
            Object[] sortedValues = new Object[n];
            for (int i = 0; i < n; i++) {
                sortedNames[i] = names[order[i]];
                sortedValues[i] = values[order[i]];
            }
            System.arraycopy(sortedNames, 0, names, 0, n);
            System.arraycopy(sortedValues, 0, values, 0, n);
            return;
        }
        for (int i = 1; i < n; i++) {
            String name = names[i];
            Object value = values[i];
            int j = i - 1;
            while (j >= 0 && names[j].compareTo(name) > 0) {
                names[j + 1] = names[j];
                values[j + 1] = values[j];
                j--;
            }
            names[j + 1] = name;
            values[j + 1] = value;
        }
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
