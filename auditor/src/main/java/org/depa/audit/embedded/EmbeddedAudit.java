package org.depa.audit.embedded;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.depa.audit.bundle.BundleException;
import org.depa.audit.domain.DomainReplay;
import org.depa.audit.fabric.Progress;
import org.depa.audit.replay.CommittedTx;
import org.depa.audit.replay.WriteReplay;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.AuditStopped;
import org.depa.audit.report.Checks;
import org.depa.audit.report.Status;
import org.depa.ledger.model.Hashes;

/**
 * Verifies an embedded ledger's directory offline (the directory is its own bundle), streaming
 * line by line: each line's form, order, hash link and node signature, the signed head, the
 * anchors the auditor pinned or recorded, and, through the same {@link WriteReplay}s as a Fabric
 * bundle, the domain checks over every line's writes. Only the last two line hashes are kept.
 */
public final class EmbeddedAudit {
    /** The file that makes a directory an embedded ledger. */
    public static final String LEDGER_FILE = "ledger.jsonl";

    private static final String ZEROS = "0".repeat(64);

    /**
     * @param genesisHash the first line's SHA-256 the auditor pinned, or null
     * @param expectHead a line hash the auditor recorded earlier (the head then), or null
     * @param channel the channel the ledger's signing payloads name (the embedded ledger's, default {@code depa})
     * @param chaincode the chaincode name they name (default {@code depa})
     */
    public record Options(
            String genesisHash,
            String expectHead,
            boolean progress,
            boolean allowDevelopmentRoots,
            String channel,
            String chaincode) {
        public Options {
            genesisHash = hash("--genesis-hash", genesisHash);
            expectHead = hash("--expect-head", expectHead);
            channel = channel == null ? "depa" : channel;
            chaincode = chaincode == null ? "depa" : chaincode;
        }

        private static String hash(String option, String value) {
            if (value == null) {
                return null;
            }
            String v = value.toLowerCase(Locale.ROOT);
            if (!v.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(option + " must be 64 hex digits (a SHA-256 line hash)");
            }
            return v;
        }
    }

    private EmbeddedAudit() {}

    /** Whether {@code dir} is an embedded ledger's directory. */
    public static boolean isLedger(Path dir) {
        return Files.isRegularFile(dir.resolve(LEDGER_FILE));
    }

    /** Runs every check of the ledger in {@code dir} into {@code report}; an unreadable ledger is a {@link BundleException}. */
    public static void run(Path dir, Options o, AuditReport report, PrintStream progressOut, List<WriteReplay> extra) {
        Path file = dir.resolve(LEDGER_FILE);
        if (!Files.isRegularFile(file)) {
            throw new BundleException("no " + LEDGER_FILE + " in " + dir + ": not an embedded ledger directory");
        }
        NodePublicKey key = NodePublicKey.read(dir);
        report.anchor("nodeKey", key.fingerprint());
        List<WriteReplay> replays = new ArrayList<>(extra);
        replays.addAll(DomainReplay.standard(o.channel(), o.allowDevelopmentRoots()));
        LineAuditor lines = new LineAuditor(key, o.chaincode());
        long n = 0;
        String previous = ZEROS;
        String beforeLast = ZEROS;
        String genesis = null;
        long recordedAt = -1;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            Progress progress = new Progress(progressOut, Files.size(file), o.progress());
            long offset = 0;
            ByteArrayOutputStream buf = new ByteArrayOutputStream(4096);
            while (true) {
                buf.reset();
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    buf.write(b);
                }
                if (b == -1 && buf.size() == 0) {
                    break;
                }
                byte[] bytes = buf.toByteArray();
                offset += bytes.length + (b == -1 ? 0 : 1);
                if (b == -1) {
                    report.skip(
                            Checks.LINE_FORMAT,
                            "line " + (n + 1),
                            "an unterminated final fragment of " + bytes.length + " bytes (a write cut short; the"
                                    + " ledger discards it at open unless it is a whole line, and it is not audited)");
                    break;
                }
                n++;
                String hash = Hashes.sha256Hex(bytes);
                ObjectNode line = lines.parse(n, bytes, report);
                if (line != null) {
                    lines.chain(n, line, previous, report);
                    CommittedTx tx = lines.committed(n, line, report);
                    if (tx != null) {
                        replays.forEach(r -> r.transaction(tx, report));
                    }
                }
                if (n == 1) {
                    genesis = hash;
                }
                if (hash.equals(o.expectHead())) {
                    recordedAt = n;
                }
                beforeLast = previous;
                previous = hash;
                progress.update(offset, report.count(Status.FAIL));
                AuditStopped.ifInterrupted("line " + n);
            }
        } catch (IOException e) {
            throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
        replays.forEach(r -> r.finish(report));
        HeadFileCheck.check(dir, key, n, previous, beforeLast, report);
        anchors(report, o, n, genesis, previous, recordedAt);
    }

    private static void anchors(AuditReport report, Options o, long n, String genesis, String head, long recordedAt) {
        if (genesis != null) {
            report.anchor("genesis", genesis);
        }
        report.anchor("head", head);
        report.anchor("height", Long.toString(n));
        if (o.genesisHash() == null) {
            report.skip(
                    Checks.EMBEDDED_TRUST_ANCHOR,
                    "line 1",
                    "no --genesis-hash given; the first line hashes to " + genesis + ": pin it");
        } else {
            report.verdict(
                    Checks.EMBEDDED_TRUST_ANCHOR,
                    "line 1",
                    o.genesisHash().equals(genesis)
                            ? null
                            : "the first line hashes to " + genesis + ", not the pinned " + o.genesisHash()
                                    + " (another ledger)",
                    "the pinned genesis");
        }
        String scope = "line " + n;
        if (o.expectHead() == null) {
            report.skip(
                    Checks.EMBEDDED_HEAD,
                    scope,
                    "no --expect-head given; the head is " + head + " at height " + n
                            + ": record it to detect a truncation or an edit later");
        } else if (recordedAt < 0) {
            report.fail(
                    Checks.EMBEDDED_HEAD,
                    scope,
                    "no line hashes to the recorded head " + o.expectHead() + "; the ledger now ends at line " + n
                            + " hashing to " + head + " (truncated, or the recorded line or one before it edited)");
        } else {
            report.pass(
                    Checks.EMBEDDED_HEAD,
                    "line " + recordedAt,
                    "the recorded head is line " + recordedAt + " of " + n
                            + (recordedAt == n ? "" : " (" + (n - recordedAt) + " lines added since)"));
        }
    }
}
