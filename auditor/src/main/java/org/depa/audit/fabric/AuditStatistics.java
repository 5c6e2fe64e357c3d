package org.depa.audit.fabric;

/** Counters the benchmarks read to set an audit against the bare cost of what it verifies. */
public final class AuditStatistics {
    private AuditStatistics() {}

    /** ECDSA signature verifications performed by every audit in this JVM so far. */
    public static long signatureVerifications() {
        return Signatures.VERIFICATIONS.sum();
    }
}
