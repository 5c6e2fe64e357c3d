package org.depa.ledger.model.domain;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * One shard of an SRO registry (participant standing, certified measurements): the facts only the
 * SRO may record, kept under keys that exist from the ledger's initialisation with an endorsement
 * policy naming the SRO's organisation. A key-level policy protects only keys that already exist,
 * so these facts never live under keys a transaction could create without the SRO.
 *
 * @param entries id to its standing, sorted (canonical JSON); unmodifiable, so a parsed shard can
 *     be shared by readers (Json.readStored)
 */
public record RegistryShard(Map<String, Entry> entries) {
    public RegistryShard {
        entries = Collections.unmodifiableSortedMap(new TreeMap<>(entries));
    }

    public static RegistryShard empty() {
        return new RegistryShard(Map.of());
    }

    public RegistryShard with(String id, Entry entry) {
        TreeMap<String, Entry> next = new TreeMap<>(entries);
        next.put(id, entry);
        return new RegistryShard(next);
    }

    /** @param status the status the SRO recorded (a ParticipantStatus or MeasurementStatus name) */
    public record Entry(String status, String tx) {}
}
