package org.depa.ledger.model.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Unmodifiable copies of records' lists, so a record read from world state can be shared between
 * readers (Json.readStored keeps only deeply immutable values). Unlike {@code List.copyOf}, keeps a
 * null list null and null elements in place, so what a record accepts and writes is unchanged.
 */
final class Frozen {
    private Frozen() {}

    static <T> List<T> list(List<T> list) {
        return list == null ? null : Collections.unmodifiableList(new ArrayList<>(list));
    }
}
