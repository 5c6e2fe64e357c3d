package org.depa.gateway.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.depa.audit.bundle.BundleException;
import org.depa.audit.chain.ChainSettlementCheck;
import org.depa.audit.chain.ChainUnavailableException;
import org.depa.audit.chain.Web3Settlements;
import org.depa.audit.replay.WriteReplay;
import org.depa.audit.report.AuditStopped;
import org.depa.audit.report.Status;
import org.depa.gateway.auth.Caller;
import org.depa.gateway.chain.PaymentChainSettings;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.ledger.LedgerConnections;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;

/** One verification: copy the ledger into {@code DIR/bundle}, run the auditor into {@code DIR/report}. */
final class VerificationTask {
    static final String BUNDLE = "bundle";
    static final String REPORT = "report";

    private final GatewayConfig config;
    private final LedgerConnections ledgers;
    private final Caller caller;
    private final String id;
    private final VerificationRun.Request request;

    VerificationTask(
            GatewayConfig config,
            LedgerConnections ledgers,
            Caller caller,
            String id,
            VerificationRun.Request request) {
        this.config = config;
        this.ledgers = ledgers;
        this.caller = caller;
        this.id = id;
        this.request = request;
    }

    String who() {
        return caller.registered() ? caller.id() : "an SRO operator";
    }

    Verification run(Path dir, VerificationProgress progress) throws IOException {
        String started = Instant.now().toString();
        boolean embedded = ledgers.embedded().isPresent();
        Path bundle = dir.resolve(BUNDLE);
        Files.createDirectories(dir);
        if (embedded) {
            Path ledgerDir = config.ledger()
                    .directory()
                    .orElseThrow(() -> new GatewayException(
                            GatewayCode.VERIFICATION_UNAVAILABLE,
                            "this gateway keeps its embedded ledger in memory only (no depa.gateway.ledger.directory),"
                                    + " so there is no ledger to copy and verify"));
            LedgerCopy.embedded(ledgerDir, bundle, config.audit().maxLedgerBytes());
        } else {
            String msp =
                    caller.registered() && ledgers.serves(caller.participant().mspId())
                            ? caller.participant().mspId()
                            : config.organisations().get(0);
            LedgerCopy.fabric(
                    ledgers.fabricSettings(msp).orElseThrow(),
                    bundle,
                    config.audit().maxLedgerBytes());
        }
        Web3Settlements chain = null;
        String chainNote;
        progress.stage(VerificationProgress.CONNECTING);
        try {
            PaymentChainSettings pc = PaymentChainSettings.of(config.paymentChain());
            chain = Web3Settlements.connect(pc.rpcUrl(), pc.escrow(), Map.of());
            chainNote = "checked against the payment chain at " + pc.rpcUrl() + ", escrow " + pc.escrow();
        } catch (PaymentChainSettings.NotConfigured e) {
            chainNote = "not checked: " + e.getMessage();
        } catch (ChainUnavailableException | IllegalArgumentException e) {
            chainNote = "not checked: " + e.getMessage();
        }
        List<WriteReplay> replays = chain == null ? List.of() : List.of(new ChainSettlementCheck(chain));
        VerificationRun.Result r;
        try {
            r = VerificationRun.run(
                    bundle,
                    dir.resolve(REPORT),
                    embedded,
                    config.channel(),
                    config.chaincode(),
                    request,
                    replays,
                    progress);
        } finally {
            if (chain != null) {
                chain.close();
            }
        }
        var report = r.report();
        long failed = report.count(Status.FAIL);
        return new Verification(
                id,
                embedded ? "embedded" : "fabric",
                started,
                Instant.now().toString(),
                failed == 0 ? "PASS" : "FAIL",
                report.count(Status.PASS),
                failed,
                report.count(Status.SKIP),
                chainNote,
                java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(report.anchors())),
                r.rows(),
                "/v1/audit/verifications/" + id + "/bundle");
    }

    /** The refusal for a verification that could not finish. */
    static GatewayException refusal(Throwable cause) {
        if (cause instanceof GatewayException g) {
            return g;
        }
        if (cause instanceof LedgerCopy.TooLarge || cause instanceof AuditStopped) {
            return new GatewayException(
                    GatewayCode.VERIFICATION_TOO_LONG,
                    cause.getMessage() + "; export the ledger and run `depa audit verify` offline");
        }
        if (cause instanceof ChainUnavailableException) {
            return new GatewayException(
                    GatewayCode.VERIFICATION_UNAVAILABLE,
                    "the payment chain stopped answering during the verification: " + cause.getMessage());
        }
        if (cause instanceof IOException || cause instanceof UncheckedIOException || cause instanceof BundleException) {
            return new GatewayException(
                    GatewayCode.VERIFICATION_UNAVAILABLE,
                    "the ledger could not be copied or read (the gateway's log says why)");
        }
        return new GatewayException(GatewayCode.INTERNAL, "the verification failed");
    }

    /** Removes a verification's directory; a file that cannot be removed is left (the next start's temp dir is new). */
    static void delete(Path dir) {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // left behind; the directory is owner-only
                }
            });
        } catch (IOException e) {
            // as above
        }
    }
}
