package org.depa.kms.bridge;

import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/**
 * One audit line per release, and per challenge or release refusal up to {@link RefusalAudit}'s rate (beyond it, one
 * summary line counting the rest), on the logger {@code depa.kms.audit}. Lines hold identifiers and hashes only,
 * never a key, a nonce or a report.
 */
final class Audit {
    private static final Logger LOG = Logger.getLogger("depa.kms.audit");
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private Audit() {}

    static void released(
            String tdpId,
            String runId,
            String datasetId,
            String keyId,
            String txId,
            String measurement,
            String recipientSha256,
            boolean development) {
        LOG.info(() -> "AUDIT key-release outcome=RELEASED tdp=" + safe(tdpId) + " run=" + safe(runId) + " dataset="
                + safe(datasetId) + " keyId=" + safe(keyId) + " tx=" + safe(txId) + " measurement="
                + safe(measurement) + " recipientKeySha256=" + safe(recipientSha256)
                + (development ? " trust=DEVELOPMENT-ROOT" : ""));
        if (development) {
            LOG.warning("DEVELOPMENT ROOT TRUSTED: key '" + safe(keyId) + "' released on an attestation that the"
                    + " emulator may have signed; never run this setting with real data");
        }
    }

    static void refused(String tdpId, String runId, String datasetId, String reason, String detail) {
        LOG.log(
                Level.WARNING,
                () -> "AUDIT key-release outcome=REFUSED tdp=" + safe(tdpId) + " run=" + safe(runId) + " dataset="
                        + safe(datasetId) + " reason=" + reason + " detail=\"" + printable(detail) + "\"");
    }

    static void summary(
            String tdpId, java.time.Instant from, java.time.Instant to, java.util.Map<String, Long> counts) {
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder reasons = new StringBuilder();
        new java.util.TreeMap<>(counts).forEach((k, v) -> reasons.append(reasons.length() == 0 ? "" : ",")
                .append(safe(k))
                .append(':')
                .append(v));
        LOG.warning("AUDIT key-release outcome=REFUSED-SUMMARY tdp=" + safe(tdpId) + " notWritten=" + total + " from="
                + from + " to=" + to + " reasons=" + reasons);
    }

    /** Request-supplied values are logged only when they look like identifiers, so no one forges log lines. */
    static String safe(String value) {
        return value != null && SAFE.matcher(value).matches() ? value : "<invalid>";
    }

    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        String cut = text.length() > 300 ? text.substring(0, 300) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7E]", "?").replace('"', '\'');
    }
}
