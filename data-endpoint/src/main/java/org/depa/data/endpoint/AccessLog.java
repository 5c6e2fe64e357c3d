package org.depa.data.endpoint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * The endpoint's access log: one line per request, appended and flushed, naming who asked for what
 * and what came of it. Values a client chose (a header, a path) are quoted with every character
 * outside printable ASCII escaped, so a client cannot forge lines.
 */
final class AccessLog implements AutoCloseable {
    private final Writer out;

    private AccessLog(Writer out) {
        this.out = out;
    }

    static AccessLog open(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        return new AccessLog(Files.newBufferedWriter(
                file, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND));
    }

    synchronized void line(String what, String... fields) {
        StringBuilder b =
                new StringBuilder(Instant.now().toString()).append(' ').append(what);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            b.append(' ').append(fields[i]).append('=').append(quote(fields[i + 1]));
        }
        try {
            out.write(b.append('\n').toString());
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the data endpoint's access log", e);
        }
    }

    static String quote(String value) {
        if (value == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                b.append(c);
            } else {
                b.append(String.format("\\u%04x", (int) c));
            }
        }
        return b.append('"').toString();
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // closing at shutdown: nothing more can be logged
        }
    }
}
