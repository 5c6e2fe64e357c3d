package org.depa.ledger.client.embedded;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a simulation read (with versions) and wrote. At commit the reads are checked against the
 * state as it is then, as Fabric's validator does: a changed key, or a range query whose result
 * would now differ (a phantom), invalidates the transaction.
 */
final class ReadWriteSet {
    /** A range scan and the (key, version) pairs it saw. */
    record RangeRead(String start, String end, List<Map.Entry<String, Version>> seen, boolean complete) {}

    final Map<String, Version> reads = new LinkedHashMap<>();
    final List<RangeRead> rangeReads = new ArrayList<>();
    /** Key to value; a null value is a delete. Insertion order is the order of first write. */
    final Map<String, byte[]> writes = new LinkedHashMap<>();
    /** Key to its new key-level endorsement policy (a validation parameter). */
    final Map<String, byte[]> metadataWrites = new LinkedHashMap<>();
}
