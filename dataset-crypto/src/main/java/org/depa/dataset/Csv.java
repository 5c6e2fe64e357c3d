package org.depa.dataset;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 comma-separated values: quoted fields may hold commas, quotes (doubled) and line
 * breaks. Small on purpose: the datasets are plain tables, and a parser we can read whole is one
 * we can trust with a TDP's records.
 */
public final class Csv {
    /** The longest record read, in characters: memory stays bounded whatever the input (/dev/zero, a file without line breaks). */
    public static final int MAX_RECORD_CHARS = 1 << 20;

    private Csv() {}

    /** Reads one record, or null at end of input; a record over {@value #MAX_RECORD_CHARS} characters is refused. */
    public static List<String> readRecord(Reader in) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int c = in.read();
        if (c == -1) {
            return null;
        }
        boolean quoted = false;
        boolean fieldStarted = false;
        int read = 0;
        while (true) {
            if (++read > MAX_RECORD_CHARS) {
                throw new IOException("CSV: a record longer than " + MAX_RECORD_CHARS + " characters");
            }
            if (quoted) {
                if (c == -1) {
                    throw new IOException("CSV: unterminated quoted field");
                }
                if (c == '"') {
                    in.mark(1);
                    int next = in.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        c = next;
                        continue;
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && !fieldStarted) {
                quoted = true;
                fieldStarted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStarted = false;
            } else if (c == '\r' || c == '\n' || c == -1) {
                if (c == '\r') {
                    in.mark(1);
                    if (in.read() != '\n') {
                        in.reset();
                    }
                }
                fields.add(field.toString());
                return fields;
            } else if (c == '"') {
                throw new IOException("CSV: quote inside an unquoted field");
            } else {
                field.append((char) c);
                fieldStarted = true;
            }
            c = in.read();
        }
    }

    /** Writes one record, quoting only the fields that need it. */
    public static void writeRecord(Writer out, List<String> fields) throws IOException {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            String f = fields.get(i);
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                out.write('"');
                out.write(f.replace("\"", "\"\""));
                out.write('"');
            } else {
                out.write(f);
            }
        }
        out.write('\n');
    }
}
