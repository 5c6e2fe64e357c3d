package org.depa.audit.report;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The audit's output, written as the checks run: {@code audit.json} (one entry per check and
 * scope, streamed, so memory does not grow with the ledger) and, at {@link #close()},
 * {@code audit.md} (a summary table per check, why checks were skipped, and each failure
 * explained). Only the failures are kept in memory, at most {@link #MAX_FAILURES_KEPT} of them,
 * and each check's distinct reasons for skipping, at most {@link #MAX_SKIP_REASONS_KEPT} per check
 * (a check skipped for the same reason on every transaction is one reason with its count).
 */
public final class AuditReport implements CheckSink, AutoCloseable {
    static final int MAX_FAILURES_KEPT = 1000;
    public static final int MAX_SKIP_REASONS_KEPT = 5;

    /** One reason a check was skipped, and on how many scopes. */
    public record SkipReason(String reason, long times) {}

    private final Path directory;
    private final JsonGenerator json;
    private final Map<String, EnumMap<Status, Long>> counts = new LinkedHashMap<>();
    private final List<CheckResult> failures = new ArrayList<>();
    private final Map<String, String> anchors = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> skipReasons = new LinkedHashMap<>();
    private long failuresSeen;
    private boolean closed;

    public AuditReport(Path directory, String bundle) {
        this.directory = directory;
        try {
            Files.createDirectories(directory);
            json = new JsonFactory()
                    .createGenerator(directory.resolve("audit.json").toFile(), JsonEncoding.UTF8);
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("format", "depa-audit-report/1");
            json.writeStringField("bundle", bundle);
            json.writeArrayFieldStart("checks");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + directory, e);
        }
        Checks.descriptions().keySet().forEach(id -> counts.put(id, new EnumMap<>(Status.class)));
    }

    @Override
    public synchronized void accept(CheckResult r) {
        counts.computeIfAbsent(r.id(), k -> new EnumMap<>(Status.class)).merge(r.status(), 1L, Long::sum);
        if (r.status() == Status.FAIL) {
            failuresSeen++;
            if (failures.size() < MAX_FAILURES_KEPT) {
                failures.add(r);
            }
        }
        if (r.status() == Status.SKIP) {
            Map<String, Long> reasons = skipReasons.computeIfAbsent(r.id(), k -> new LinkedHashMap<>());
            if (reasons.containsKey(r.details()) || reasons.size() < MAX_SKIP_REASONS_KEPT) {
                reasons.merge(r.details(), 1L, Long::sum);
            }
        }
        try {
            json.writeStartObject();
            json.writeStringField("id", r.id());
            json.writeStringField("scope", r.scope());
            json.writeStringField("status", r.status().name());
            json.writeStringField("details", r.details());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write audit.json", e);
        }
    }

    /** A value the auditor should keep, such as the genesis and head hashes; written to both files. */
    public synchronized void anchor(String name, String value) {
        anchors.put(name, value);
    }

    public synchronized long count(Status status) {
        return counts.values().stream()
                .mapToLong(m -> m.getOrDefault(status, 0L))
                .sum();
    }

    public synchronized long count(String id, Status status) {
        return counts.getOrDefault(id, new EnumMap<>(Status.class)).getOrDefault(status, 0L);
    }

    public synchronized List<CheckResult> failures() {
        return List.copyOf(failures);
    }

    /**
     * Why check {@code id} was skipped: its first {@link #MAX_SKIP_REASONS_KEPT} distinct reasons,
     * in the order first seen, each with how many times it was given (a later, different reason
     * is counted in {@link #count(String, Status)} and written to {@code audit.json} only).
     */
    public synchronized List<SkipReason> skipReasons(String id) {
        List<SkipReason> out = new ArrayList<>();
        skipReasons.getOrDefault(id, Map.of()).forEach((reason, times) -> out.add(new SkipReason(reason, times)));
        return List.copyOf(out);
    }

    public synchronized Map<String, String> anchors() {
        return Map.copyOf(anchors);
    }

    public Path directory() {
        return directory;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            json.writeEndArray();
            json.writeObjectFieldStart("anchors");
            for (Map.Entry<String, String> a : anchors.entrySet()) {
                json.writeStringField(a.getKey(), a.getValue());
            }
            json.writeEndObject();
            json.writeObjectFieldStart("summary");
            for (Map.Entry<String, EnumMap<Status, Long>> c : counts.entrySet()) {
                json.writeObjectFieldStart(c.getKey());
                for (Status s : Status.values()) {
                    json.writeNumberField(s.name(), c.getValue().getOrDefault(s, 0L));
                }
                json.writeEndObject();
            }
            json.writeEndObject();
            json.writeStringField("verdict", count(Status.FAIL) == 0 ? "PASS" : "FAIL");
            json.writeEndObject();
            json.close();
            Files.writeString(
                    directory.resolve("audit.md"),
                    MarkdownReport.render(counts, failures, failuresSeen, anchors, skipReasons));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish the report in " + directory, e);
        }
    }
}
