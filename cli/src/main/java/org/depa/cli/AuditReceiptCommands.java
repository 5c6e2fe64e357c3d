package org.depa.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.depa.audit.receipt.ReceiptChecks;
import org.depa.audit.receipt.ReceiptEvidence;
import org.depa.audit.receipt.ReceiptEvidenceException;
import org.depa.audit.receipt.ReceiptVerifier;
import org.depa.audit.report.CheckResult;
import org.depa.audit.report.Status;
import org.depa.cli.api.GatewayOptions;
import org.depa.gateway.client.ClientIdentity;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code depa audit receipt RUN_ID --out FILE} (a receipt with its evidence, from the ledger
 * through the gateway) and {@code depa audit verify-receipt RUN_ID | --file FILE} (each check of
 * {@link ReceiptChecks}, human or JSON; exit 0 all pass, 1 any fails, 2 on a usage or input error).
 */
final class AuditReceiptCommands {
    private AuditReceiptCommands() {}

    /** {@code depa audit receipt}: write one receipt's evidence to a file an auditor can keep and check offline. */
    @Command(
            name = "receipt",
            description = "Fetch a training receipt with its evidence (run, start report and chain, contract version)"
                    + " through the gateway into a file.")
    static final class Export implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "RUN_ID", description = "The run whose receipt to fetch.")
        String runId;

        @Option(names = "--out", required = true, description = "The evidence file to write (JSON).")
        Path out;

        @Mixin
        GatewayOptions gateway;

        @Override
        public Integer call() {
            try {
                String run = Fields.id("RUN_ID", runId);
                ReceiptEvidence e = ReceiptFetch.fetch(gateway.client(), run);
                e.write(out);
                System.out.println("wrote the receipt of run " + e.run().runId() + " with its evidence to " + out
                        + " (depa audit verify-receipt --file " + out + ")");
                return AuditCommand.PASS;
            } catch (ReceiptEvidenceException
                    | LedgerRuleException
                    | GatewayOptions.UsageException
                    | ClientIdentity.IdentityException e) {
                System.err.println("depa audit receipt: " + e.getMessage());
                return AuditCommand.INPUT_ERROR;
            }
        }
    }

    /** {@code depa audit verify-receipt}: one receipt checked with its evidence alone. */
    @Command(
            name = "verify-receipt",
            description = "Check one training receipt with its evidence alone: signature, run key binding, attestation"
                    + " to AMD's roots, contract and ciphertext hashes.")
    static final class Verify implements Callable<Integer> {
        @Parameters(
                index = "0",
                arity = "0..1",
                paramLabel = "RUN_ID",
                description = "The run whose receipt to fetch through the gateway and check.")
        String runId;

        @Option(names = "--file", description = "Check this evidence file (depa audit receipt --out) instead.")
        Path file;

        @Option(
                names = "--allow-dev-root",
                description =
                        "Accept a start report signed under a development (emulator) root; flagged in the output.")
        boolean allowDevRoot;

        @Option(
                names = "--dev-root",
                paramLabel = "SHA256",
                description =
                        "With --allow-dev-root: only this development root (SHA-256 of its public key); repeatable.")
        List<String> devRoots = new ArrayList<>();

        @Mixin
        GatewayOptions gateway;

        @Override
        public Integer call() {
            ReceiptEvidence evidence;
            ReceiptVerifier.Trust trust;
            try {
                trust = trust();
                evidence = evidence();
            } catch (ReceiptEvidenceException
                    | LedgerRuleException
                    | GatewayOptions.UsageException
                    | ClientIdentity.IdentityException e) {
                System.err.println("depa audit verify-receipt: " + e.getMessage());
                return AuditCommand.INPUT_ERROR;
            }
            List<CheckResult> results = new ArrayList<>();
            ReceiptVerifier.verify(evidence, trust, results::add);
            Map<Status, Long> counts = new EnumMap<>(Status.class);
            results.forEach(r -> counts.merge(r.status(), 1L, Long::sum));
            boolean pass = counts.getOrDefault(Status.FAIL, 0L) == 0;
            if (gateway.json()) {
                System.out.println(json(evidence, results, counts, pass));
            } else {
                human(System.out, evidence, results, counts, pass);
            }
            return pass ? AuditCommand.PASS : AuditCommand.FAIL;
        }

        private ReceiptVerifier.Trust trust() {
            if (!devRoots.isEmpty() && !allowDevRoot) {
                throw new GatewayOptions.UsageException("--dev-root needs --allow-dev-root");
            }
            List<String> pins = new ArrayList<>();
            for (String pin : devRoots) {
                pins.add(Fields.hex("--dev-root", pin, 32));
            }
            return new ReceiptVerifier.Trust(allowDevRoot, pins);
        }

        private ReceiptEvidence evidence() {
            if ((runId == null) == (file == null)) {
                throw new GatewayOptions.UsageException(
                        "give either RUN_ID (fetched through the gateway) or --file FILE, not "
                                + (runId == null ? "neither" : "both"));
            }
            if (file != null) {
                return ReceiptEvidence.read(file);
            }
            String run = Fields.id("RUN_ID", runId);
            return ReceiptFetch.fetch(gateway.client(), run);
        }

        private static void human(
                PrintStream out, ReceiptEvidence e, List<CheckResult> results, Map<Status, Long> counts, boolean pass) {
            out.println("receipt of run " + e.receipt().body().runId() + " under contract "
                    + e.receipt().body().contractId() + " (channel " + e.channel() + ", chaincode " + e.chaincode()
                    + ")");
            for (CheckResult r : results) {
                out.println("  " + r.status() + " " + r.id() + ": " + r.details());
            }
            out.println((pass ? "PASS" : "FAIL") + ": " + counts.getOrDefault(Status.PASS, 0L) + " checks passed, "
                    + counts.getOrDefault(Status.FAIL, 0L) + " failed, " + counts.getOrDefault(Status.SKIP, 0L)
                    + " skipped");
        }

        private static String json(
                ReceiptEvidence e, List<CheckResult> results, Map<Status, Long> counts, boolean pass) {
            ObjectNode doc = Json.mapper().createObjectNode();
            doc.put("format", "depa-receipt-verification/1");
            doc.put("runId", e.receipt().body().runId());
            doc.put("contractId", e.receipt().body().contractId());
            doc.put("channel", e.channel());
            doc.put("chaincode", e.chaincode());
            ArrayNode checks = doc.putArray("checks");
            for (CheckResult r : results) {
                ObjectNode c = checks.addObject();
                c.put("id", r.id());
                c.put("scope", r.scope());
                c.put("status", r.status().name());
                c.put("details", r.details());
                c.put("proves", ReceiptChecks.descriptions().get(r.id()));
            }
            ObjectNode summary = doc.putObject("summary");
            for (Status s : Status.values()) {
                summary.put(s.name(), counts.getOrDefault(s, 0L));
            }
            doc.put("verdict", pass ? "PASS" : "FAIL");
            try {
                return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(doc);
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
    }
}
