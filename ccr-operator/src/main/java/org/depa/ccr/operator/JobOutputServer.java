package org.depa.ccr.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.domain.TrainingJob;

/** {@link JobOutputs} on the JDK's HTTP server; every answer is decided from the ledger and the workspace. */
final class JobOutputServer implements JobOutputs {
    /** Largest sealed file served (a model under the 4,000,000-parameter cap, sealed, is far smaller). */
    static final long MAX_FILE = 256L * 1024 * 1024;

    private static final long MAX_JSON = 1024 * 1024;

    private final TypedLedger ledger;
    private final OperatorSettings settings;
    private final Map<String, String> readers;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);

    JobOutputServer(LedgerClient client, OperatorSettings settings, Map<String, String> readers, InetSocketAddress bind)
            throws IOException {
        this.ledger = new TypedLedger(client);
        this.settings = settings;
        this.readers = Map.copyOf(readers);
        this.server = HttpServer.create(bind, 16);
        server.createContext("/v1/jobs/", this::handle);
        server.setExecutor(threads);
        server.start();
    }

    @Override
    public String url() {
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().getHostAddress();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            try {
                if (!"GET".equals(ex.getRequestMethod())) {
                    throw new Refusal(405, "METHOD_NOT_ALLOWED", "GET only");
                }
                String msp = reader(ex.getRequestHeaders().getFirst("Authorization"));
                String[] parts = ex.getRequestURI()
                        .getRawPath()
                        .substring("/v1/jobs/".length())
                        .split("/", -1);
                if (parts.length < 2 || parts.length > 3) {
                    throw new Refusal(404, "NOT_FOUND", "no such route");
                }
                String jobId = parts[0];
                Path ws = workspace(jobId);
                TrainingJob job = jobOfReader(jobId, msp);
                switch (parts[1]) {
                    case "progress" -> {
                        if (parts.length != 2) {
                            throw new Refusal(404, "NOT_FOUND", "no such route");
                        }
                        JobProgress p = readJson(ws.resolve(PROGRESS_FILE), JobProgress.class, "progress")
                                .checked(job.jobId());
                        reply(ex, 200, "application/json", Json.canonical(p));
                    }
                    case "outputs" -> {
                        OutputManifest m = readJson(
                                        ws.resolve(OUTPUT_DIR).resolve(MANIFEST_FILE), OutputManifest.class, "output")
                                .checked(job.jobId());
                        if (parts.length == 2) {
                            reply(ex, 200, "application/json", Json.canonical(m));
                        } else {
                            reply(ex, 200, "application/octet-stream", sealedFile(ws, m, parts[2]));
                        }
                    }
                    default -> throw new Refusal(404, "NOT_FOUND", "no such route");
                }
            } catch (Refusal r) {
                Map<String, String> body = new TreeMap<>();
                body.put("code", r.code);
                body.put("message", r.getMessage());
                reply(ex, r.status, "application/json", Json.canonical(body));
            }
        }
    }

    /** The organisation whose token this is; only SHA-256 of tokens are held, compared as hashes. */
    private String reader(String header) {
        if (header == null || !header.startsWith("Bearer ") || header.length() > 512) {
            throw new Refusal(401, "UNAUTHENTICATED", "a bearer token of a TDC's organisation is required");
        }
        String hash = Hashes.sha256Hex(header.substring(7).strip().getBytes(StandardCharsets.UTF_8));
        String msp = readers.get(hash);
        if (msp == null) {
            throw new Refusal(401, "UNAUTHENTICATED", "unknown token");
        }
        return msp;
    }

    private Path workspace(String jobId) {
        try {
            return settings.workspace(jobId);
        } catch (IllegalArgumentException e) {
            throw new Refusal(400, "INVALID_ARGUMENT", e.getMessage());
        }
    }

    /** The job, when it is this provider's and its TDC belongs to {@code msp}; else the refusal. */
    private TrainingJob jobOfReader(String jobId, String msp) {
        try {
            TrainingJob job = ledger.evaluate(Jobs.GET, jobId);
            if (!job.ccrProviderId().equals(settings.ccrProviderId())) {
                throw new Refusal(404, "NOT_FOUND", "job '" + jobId + "' is not run by " + settings.ccrProviderId());
            }
            String tdcMsp = ledger.evaluate(Participants.GET, job.tdcId()).mspId();
            if (!tdcMsp.equals(msp)) {
                throw new Refusal(
                        403, ErrorCode.NOT_A_PARTY.name(), "job '" + jobId + "' is not a job of a TDC of " + msp);
            }
            return job;
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw new Refusal(404, "NOT_FOUND", "no job '" + jobId + "'");
            }
            throw new Refusal(503, "LEDGER_UNAVAILABLE", "the CCR provider's ledger did not answer: " + e.code());
        }
    }

    private static <T> T readJson(Path file, Class<T> type, String what) {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new Refusal(404, "NOT_FOUND", "no " + what + " yet");
        }
        try {
            if (Files.size(file) > MAX_JSON) {
                throw new Refusal(502, "OUTPUT_CORRUPT", "the clean room's " + what + " file is too large");
            }
            return Json.read(Files.readString(file, StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            throw new Refusal(500, "INTERNAL", "cannot read the " + what + " file");
        } catch (RuntimeException e) {
            if (e instanceof Refusal r) {
                throw r;
            }
            throw new Refusal(
                    502,
                    "OUTPUT_CORRUPT",
                    "the clean room's " + what + " file is malformed: " + firstLine(e.getMessage()));
        }
    }

    /** A file the manifest lists, checked against its hash before it is served. */
    private static byte[] sealedFile(Path ws, OutputManifest m, String name) {
        OutputManifest.File entry = m.file(name);
        if (entry == null) {
            throw new Refusal(404, "NOT_FOUND", "'" + name + "' is not in the job's output");
        }
        Path f = ws.resolve(OUTPUT_DIR).resolve(entry.name());
        try {
            if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) || Files.size(f) > MAX_FILE) {
                throw new Refusal(502, "OUTPUT_CORRUPT", "'" + name + "' is missing or too large");
            }
            byte[] bytes = Files.readAllBytes(f);
            if (!Hashes.sha256Hex(bytes).equals(entry.sha256())) {
                throw new Refusal(502, "OUTPUT_CORRUPT", "'" + name + "' does not match its hash in the manifest");
            }
            return bytes;
        } catch (IOException e) {
            throw new Refusal(500, "INTERNAL", "cannot read '" + name + "'");
        }
    }

    private static String firstLine(String s) {
        String m = String.valueOf(s);
        int nl = m.indexOf('\n');
        String line = nl < 0 ? m : m.substring(0, nl);
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    /** An answer other than 200. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        Refusal(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }
}
