package org.depa.gateway.api;

import java.util.Set;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.EventType;
import org.depa.ledger.model.domain.LedgerEvent;

/**
 * Which ledger events belong to one training job, and which of them is its last: the filter of
 * {@code GET /v1/jobs/{id}/events}.
 */
public record JobEvents(String jobId) implements EventStreams.Filter {
    private static final Set<String> JOB_EVENTS = Set.of(
            EventType.JOB_SUBMITTED.wireName(),
            EventType.JOB_SCHEDULED.wireName(),
            EventType.JOB_RUNNING.wireName(),
            EventType.JOB_COMPLETED.wireName(),
            EventType.JOB_FAILED.wireName(),
            EventType.JOB_CANCELLED.wireName());
    private static final Set<String> FINAL = Set.of(
            EventType.JOB_COMPLETED.wireName(), EventType.JOB_FAILED.wireName(), EventType.JOB_CANCELLED.wireName());

    /** The job events' names, space-separated (the dashboard's script listens for these). */
    public static String names() {
        return String.join(" ", new java.util.TreeSet<>(JOB_EVENTS));
    }

    /** The names of the events after which a job changes no more, space-separated. */
    public static String finalNames() {
        return String.join(" ", new java.util.TreeSet<>(FINAL));
    }

    public static JobEvents of(String jobId) {
        return new JobEvents(jobId);
    }

    @Override
    public boolean accepts(LedgerEventRecord e) {
        if (!JOB_EVENTS.contains(e.name())) {
            return false;
        }
        try {
            return jobId.equals(Json.read(e.payload(), LedgerEvent.class).objectId());
        } catch (RuntimeException malformed) {
            return false;
        }
    }

    @Override
    public boolean last(LedgerEventRecord e) {
        return FINAL.contains(e.name());
    }
}
