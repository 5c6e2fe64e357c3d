package org.depa.ccr.training;

import java.util.ArrayList;
import java.util.List;

/** Minimal RFC 4180 reader: commas, double-quoted fields with "" escapes, CRLF or LF line ends. */
final class Csv {
    private Csv() {}

    static List<List<String>> parse(String text, String tableName) {
        List<List<String>> records = new ArrayList<>();
        List<String> record = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStarted = false;
        int line = 1;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        for (; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"') {
                    if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (ch == '\n') {
                        line++;
                    }
                    field.append(ch);
                }
                continue;
            }
            switch (ch) {
                case '"' -> {
                    if (field.length() > 0) {
                        throw new TableException("table " + tableName + ": stray quote on line " + line);
                    }
                    quoted = true;
                    fieldStarted = true;
                }
                case ',' -> {
                    record.add(field.toString());
                    field.setLength(0);
                    fieldStarted = true;
                }
                case '\r' -> {
                    // CRLF: the \n ends the record.
                }
                case '\n' -> {
                    line++;
                    if (fieldStarted || field.length() > 0 || !record.isEmpty()) {
                        record.add(field.toString());
                        records.add(record);
                    }
                    record = new ArrayList<>();
                    field.setLength(0);
                    fieldStarted = false;
                }
                default -> {
                    field.append(ch);
                    fieldStarted = true;
                }
            }
        }
        if (quoted) {
            throw new TableException("table " + tableName + ": unterminated quote");
        }
        if (fieldStarted || field.length() > 0 || !record.isEmpty()) {
            record.add(field.toString());
            records.add(record);
        }
        return records;
    }
}
