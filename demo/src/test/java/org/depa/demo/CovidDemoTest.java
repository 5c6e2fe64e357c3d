package org.depa.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, end to end on the embedded ledger: three TDPs prepare and encrypt,
 * the contract is signed, the agent attests (emulated), gets three keys from three bridges over
 * loopback HTTP, joins, trains with DP-SGD and writes the receipt; the TDC opens the model.
 */
class CovidDemoTest {
    @TempDir
    Path dir;

    @Test
    void covidScenarioEndToEndBeatsTheReferenceWithinTheBudget() throws Exception {
        DemoRun run = DemoRun.of(dir, CovidDemo.Via.LEDGER, null);
        String printed = run.printed();
        int status = run.status();
        assertThat(status).as(printed).isZero();
        assertThat(printed)
                .contains("5 signatures verified")
                .contains("sha256 matches the receipt: true")
                .contains("COMPLETED (closed by ccr-cloud")
                // The training ran as a job through the in-process operator, in a clean-room process of its own.
                .containsPattern("job covid-2026-job-1: SUBMITTED .*\n.*job covid-2026-job-1: SCHEDULED .*\n"
                        + ".*job covid-2026-job-1: RUNNING ")
                .contains("epoch 30/30")
                .contains("job covid-2026-job-1: COMPLETED")
                // The TDC sealed its spec; its own bridge released the key to the attested run (issue 11).
                .contains("the TDC sealed its spec")
                .contains("spec key released by ")
                .doesNotContain("UNSEALED");

        // Payment on completion: the TDC funded the escrow with the contract's price (3 x 300,000) after
        // activation; the relay settled each TDP's instruction on the anvil chain with its own transaction and
        // recorded it on the ledger; the payees withdrew and their token balances, read from the chain, are the
        // instruction's split (20% of 300,000 to the data principals).
        assertThat(printed)
                .containsPattern("funded the escrow of covid-2026 with 900,000 minor units in tx 0x[0-9a-f]{64}")
                .containsPattern("relay\\s+PAYMENT_RELAY\\s+SROMSP")
                .contains("the follower settled 3 of 3 instructions as relay when it saw the receipt (no settle pass"
                        + " after)");
        java.util.Set<String> txs = new java.util.HashSet<>();
        for (String tdp : new String[] {"icmr", "cowin", "index"}) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("covid-2026\\." + tdp
                            + "\\s+SETTLED in chain tx (0x[0-9a-f]{64}) \\(block \\d+, chain 31337\\)")
                    .matcher(printed);
            assertThat(m.find()).as(tdp + " settled\n" + printed).isTrue();
            txs.add(m.group(1));
            assertThat(printed)
                    .containsPattern(tdp + "\\s+0x[0-9a-fA-F]{40}\\s+token balance 240,000")
                    .containsPattern(tdp + "'s data principals\\s+0x[0-9a-fA-F]{40}\\s+token balance 60,000")
                    .containsPattern("covid-2026\\." + tdp + " .*SETTLED \\(chain 31337, tx " + m.group(1)
                            + ", block \\d+, by relay\\)");
        }
        assertThat(txs).as("one chain transaction per instruction").hasSize(3);
        assertThat(printed).contains("escrow of covid-2026 now holds 0");
        // The demo's relay closed its journal: what it left on disk says RECORDED, as the ledger does
        // (the RECORDED entries wait for the next sync, which the end of the demo is).
        assertThat(new org.depa.payments.relay.RelayJournal(dir.resolve("chain/relay-journal")).all())
                .extracting(org.depa.payments.relay.JournalEntry::state)
                .containsExactly(
                        org.depa.payments.relay.JournalEntry.State.RECORDED,
                        org.depa.payments.relay.JournalEntry.State.RECORDED,
                        org.depa.payments.relay.JournalEntry.State.RECORDED);

        // The auditor over the embedded ledger the scenario wrote (its directory is the bundle): every line and
        // domain check passes, the emulated clean room's development root accepted and flagged.
        org.depa.audit.report.AuditReport audit =
                new org.depa.audit.report.AuditReport(dir.resolve("audit"), dir.toString());
        try (audit) {
            org.depa.audit.embedded.EmbeddedAudit.run(
                    dir.resolve("ledger"),
                    new org.depa.audit.embedded.EmbeddedAudit.Options(null, null, false, true, null, null),
                    audit,
                    null,
                    java.util.List.of());
        }
        assertThat(audit.failures()).isEmpty();
        for (String id : org.depa.audit.report.Checks.descriptions().keySet()) {
            // The chain check runs only with --chain (auditor's ChainSettlementCheckTest, against anvil).
            boolean audited = (id.startsWith("domain.") && !id.equals(org.depa.audit.report.Checks.CHAIN_SETTLEMENT))
                    || id.startsWith("embedded.line.")
                    || id.equals("embedded.head-file");
            if (audited) {
                assertThat(audit.count(id, org.depa.audit.report.Status.PASS))
                        .as(id)
                        .isPositive();
            }
        }

        JsonNode m = new ObjectMapper()
                .readTree(dir.resolve("tdc-inbox/report/metrics.json").toFile());
        double epsilon = m.get("epsilonSpent").asDouble();
        assertThat(epsilon).isPositive().isLessThanOrEqualTo(1.5);
        // The reference implementation's figures at epsilon about 1.5 on the same data.
        assertThat(m.get("private").get("roc_auc").asDouble()).isGreaterThan(0.6637);
        assertThat(m.get("private").get("f1").asDouble()).isGreaterThan(0.5366);
        assertThat(m.get("nonPrivateBaseline").get("roc_auc").asDouble()).isGreaterThan(0.5);

        // The plaintext never left the TDPs and the clean room: the TDC's inbox holds model and report only.
        try (var files = Files.list(dir.resolve("tdc-inbox"))) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("model.json", "report");
        }
        // The sealed model is sealed to the job's output key: another key cannot open it.
        Path sealed = dir.resolve("to-tdc").resolve("covid-2026-job-1-covid-2026.model.sealed");
        java.security.interfaces.ECPrivateKey stranger = (java.security.interfaces.ECPrivateKey)
                org.depa.testkit.KeyType.EC_P256.generate().getPrivate();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> org.depa.dataset.OutputSeal.open(Files.readAllBytes(sealed), stranger))
                .isInstanceOf(org.depa.dataset.OutputSealException.class);
    }
}
