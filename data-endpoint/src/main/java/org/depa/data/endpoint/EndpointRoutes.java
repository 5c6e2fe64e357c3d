package org.depa.data.endpoint;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.depa.ledger.model.Json;

/** The endpoint's two routes; everything else is a problem document naming what is served. */
final class EndpointRoutes {
    private static final Pattern ROUTE = Pattern.compile("/v1/data/([^/]+)/(ciphertext|sample)");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d{1,18})-(\\d{0,18})");
    private static final int CHUNK = 64 * 1024;

    private final DataStore store;
    private final SampleGate gate;
    private final AccessLog log;

    EndpointRoutes(DataStore store, SampleGate gate, AccessLog log) {
        this.store = store;
        this.gate = gate;
        this.log = log;
    }

    void route(HttpExchange x) throws IOException {
        try (x) {
            if (x.getRequestURI().getRawPath().equals(DataPaths.HEALTH)
                    && x.getRequestMethod().equals("GET")) {
                // For the process that started the endpoint (deployment up): it answers over its TLS identity.
                byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
                x.getResponseHeaders().set("Content-Type", "application/json");
                x.sendResponseHeaders(200, body.length);
                try (OutputStream out = x.getResponseBody()) {
                    out.write(body);
                }
                return;
            }
            Matcher m = ROUTE.matcher(x.getRequestURI().getRawPath());
            if (!m.matches()) {
                problem(
                        x,
                        404,
                        "NOT_FOUND",
                        "no such endpoint; this data endpoint serves GET"
                                + " /v1/data/{datasetId}/ciphertext, GET /v1/data/{datasetId}/sample and GET "
                                + DataPaths.HEALTH);
                return;
            }
            if (!x.getRequestMethod().equals("GET")) {
                problem(x, 405, "METHOD_NOT_ALLOWED", "only GET is served here");
                return;
            }
            String id = m.group(1);
            if (m.group(2).equals("ciphertext")) {
                ciphertext(x, id);
            } else {
                sample(x, id);
            }
        }
    }

    private void ciphertext(HttpExchange x, String id) throws IOException {
        Path file = store.ciphertext(id);
        if (file == null) {
            log.line("ciphertext", "dataset", id, "outcome", "not-found");
            problem(x, 404, "NOT_FOUND", "dataset '" + id + "' has no ciphertext on this endpoint");
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long from = 0;
            long to = size - 1;
            int status = 200;
            String range = x.getRequestHeaders().getFirst("Range");
            Matcher r = range == null ? null : RANGE.matcher(range.trim());
            if (r != null && r.matches()) {
                from = Long.parseLong(r.group(1));
                if (!r.group(2).isEmpty()) {
                    to = Math.min(to, Long.parseLong(r.group(2)));
                }
                if (from >= size || from > to) {
                    x.getResponseHeaders().set("Content-Range", "bytes */" + size);
                    problem(
                            x,
                            416,
                            "RANGE_NOT_SATISFIABLE",
                            "dataset '" + id + "': range " + range + " is outside its " + size + " bytes");
                    return;
                }
                status = 206;
                x.getResponseHeaders().set("Content-Range", "bytes " + from + "-" + to + "/" + size);
            }
            long length = size == 0 ? 0 : to - from + 1;
            x.getResponseHeaders().set("Content-Type", "application/octet-stream");
            x.getResponseHeaders().set("Accept-Ranges", "bytes");
            x.getResponseHeaders().set("Cache-Control", "no-store");
            x.sendResponseHeaders(status, length == 0 ? -1 : length);
            try (OutputStream out = x.getResponseBody()) {
                copy(ch, from, length, out);
            }
            log.line(
                    "ciphertext",
                    "dataset",
                    id,
                    "from",
                    source(x),
                    "range",
                    from + "-" + to,
                    "bytes",
                    Long.toString(length),
                    "outcome",
                    "served");
        }
    }

    private void sample(HttpExchange x, String id) throws IOException {
        String onBehalfOf = x.getRequestHeaders().getFirst(DataPaths.ON_BEHALF_OF);
        SampleGate.Admitted who;
        try {
            who = gate.admit(peer(x), onBehalfOf);
        } catch (SampleGate.Refused e) {
            log.line(
                    "sample",
                    "dataset",
                    id,
                    "from",
                    source(x),
                    "for",
                    onBehalfOf,
                    "outcome",
                    "refused " + e.code(),
                    "reason",
                    e.getMessage());
            problem(x, e.status(), e.code(), e.getMessage());
            return;
        }
        Path file = store.sample(id);
        if (file == null) {
            log.line(
                    "sample",
                    "dataset",
                    id,
                    "participant",
                    who.participantId(),
                    "via",
                    who.via(),
                    "outcome",
                    "not-found");
            problem(x, 404, "NOT_FOUND", "dataset '" + id + "' has no sample on this endpoint");
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            x.getResponseHeaders().set("Content-Type", "text/csv; charset=utf-8");
            x.getResponseHeaders().set("Cache-Control", "no-store");
            x.sendResponseHeaders(200, size == 0 ? -1 : size);
            try (OutputStream out = x.getResponseBody()) {
                copy(ch, 0, size, out);
            }
            log.line(
                    "sample",
                    "dataset",
                    id,
                    "participant",
                    who.participantId(),
                    "via",
                    who.via(),
                    "bytes",
                    Long.toString(size),
                    "outcome",
                    "served");
        }
    }

    /** Streams {@code length} bytes from {@code position}: one 64 KiB buffer, whatever the file's size. */
    private static void copy(FileChannel ch, long position, long length, OutputStream out) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long left = length;
        long at = position;
        while (left > 0) {
            buffer.clear().limit((int) Math.min(CHUNK, left));
            int n = ch.read(buffer, at);
            if (n < 0) {
                throw new IOException("the file ended early");
            }
            out.write(buffer.array(), 0, n);
            at += n;
            left -= n;
        }
    }

    private static X509Certificate[] peer(HttpExchange x) {
        if (!(x instanceof HttpsExchange https)) {
            return null;
        }
        try {
            Certificate[] chain = https.getSSLSession().getPeerCertificates();
            X509Certificate[] out = new X509Certificate[chain.length];
            for (int i = 0; i < chain.length; i++) {
                out[i] = (X509Certificate) chain[i];
            }
            return out;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    private static String source(HttpExchange x) {
        return x.getRemoteAddress() == null || x.getRemoteAddress().getAddress() == null
                ? "unknown"
                : x.getRemoteAddress().getAddress().getHostAddress();
    }

    private static void problem(HttpExchange x, int status, String code, String detail) throws IOException {
        byte[] body = Json.canonicalString(Map.of("status", status, "code", code, "detail", detail))
                .getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", DataPaths.PROBLEM_JSON);
        x.getResponseHeaders().set("Cache-Control", "no-store");
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }
}
