package org.depa.audit.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.CheckResult;
import org.depa.audit.report.Checks;
import org.depa.audit.report.Status;
import org.depa.ledger.model.Hashes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each tampering of an honest embedded ledger is caught, by the check whose id the test names.
 * The tamperer holds the node key (it lives in the directory): the hash links, line signatures and
 * head are made good again, so only the domain replay, or a head recorded earlier, can tell.
 */
class EmbeddedTamperTest {
    @TempDir
    static Path shared;

    private static Path honest;
    private static String head;

    @TempDir
    Path dir;

    @BeforeAll
    static void writeTheHonestLedger() {
        honest = shared.resolve("honest");
        HonestLedger.write(honest);
        AuditReport r = HonestLedger.audit(honest, shared.resolve("report"), null, null);
        assertThat(r.failures()).isEmpty();
        head = r.anchors().get("head");
    }

    @Test
    void aSignatureEditedWithTheChainResealedFailsTheSignatureCheck() throws IOException {
        LedgerForge f = forge();
        String key =
                f.findKey(k -> k.startsWith(LedgerForge.key("signature", "c1").replaceAll("\u0000$", ""))
                        && k.endsWith("\u0000icmr\u0000"));
        int line = f.lineWriting(key);
        f.edit(line, key, v -> {
                    byte[] sig = Base64.getDecoder().decode(v.path("signature").asText());
                    sig[sig.length - 1] ^= 0x01;
                    v.put("signature", Base64.getEncoder().encodeToString(sig));
                    v.put("signatureSha256", Hashes.sha256Hex(sig));
                })
                .save(true);
        AuditReport r = audit(null);
        assertThat(failures(r, Checks.LINE_SIGNATURE, Checks.LINE_HASH_CHAIN, Checks.HEAD_FILE, Checks.LINE_FORMAT))
                .as("the resealed chain holds")
                .isEmpty();
        assertThat(failures(r, Checks.CONTRACT_SIGNATURE)).singleElement().satisfies(c -> {
            assertThat(c.scope()).startsWith("line " + (line + 1) + " ").contains("signed by icmr");
            assertThat(c.details()).contains("does not verify under icmr's registered certificate");
        });
        assertThat(failures(r, Checks.CONTRACT_ACTIVATION)).singleElement().satisfies(c -> assertThat(c.details())
                .contains("[icmr] had no verified signature"));
    }

    @Test
    void aLineEditedWithoutTheNodeKeyFailsTheLineSignature() throws IOException {
        LedgerForge f = forge();
        String key = LedgerForge.key("payment", "c1.icmr");
        int line = f.lineWriting(key);
        f.edit(line, key, v -> v.put("amountMinor", v.path("amountMinor").asLong() + 1))
                .save(false);
        AuditReport r = audit(null);
        assertThat(failures(r, Checks.LINE_SIGNATURE))
                .extracting(CheckResult::scope)
                .allMatch(s -> s.startsWith("line "))
                .anyMatch(s -> s.startsWith("line " + (line + 1) + " "));
        assertThat(failures(r, Checks.PAYMENT)).isNotEmpty();
    }

    @Test
    void theLastLineEditedIsCaughtByTheRecordedHead() throws IOException {
        LedgerForge f = forge();
        int last = f.lines.size() - 1;
        // The last line is cowin's dataset update (HonestLedger): its description rewritten.
        String key = LedgerForge.key("dataset", "cowin-data");
        f.edit(last, key, v -> v.put("description", "nothing to see")).save(true);
        assertThat(audit(null).failures())
                .as("a rewrite the rules allow, by the node key's holder")
                .isEmpty();
        AuditReport r = audit(head);
        assertThat(r.failures()).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo(Checks.EMBEDDED_HEAD);
            assertThat(c.details()).contains("no line hashes to the recorded head " + head);
        });
    }

    @Test
    void truncationIsCaughtByTheRecordedHeadAndAnUnsignedOneByTheHeadFile() throws IOException {
        forge().removeLastLine().save(true);
        assertThat(audit(head).failures()).singleElement().satisfies(c -> assertThat(c.id())
                .isEqualTo(Checks.EMBEDDED_HEAD));

        copyHonest();
        List<String> lines = Files.readAllLines(ledger().resolve("ledger.jsonl"));
        Files.write(ledger().resolve("ledger.jsonl"), lines.subList(0, lines.size() - 1));
        assertThat(audit(null).failures()).singleElement().satisfies(c -> assertThat(c.id())
                .isEqualTo(Checks.HEAD_FILE));
    }

    /**
     * A run written without its evidence (as an older chaincode wrote runs, or a forger would):
     * every check that needs it fails with its reason and the audit reads the rest of the history.
     */
    @Test
    void aRunStartWithoutEvidenceFailsWithoutStoppingTheAudit() throws IOException {
        LedgerForge f = forge();
        String key = LedgerForge.key("run", HonestLedger.RUN);
        f.edit(f.lineWriting(key), key, v -> v.remove("evidence")).save(true);
        AuditReport r = audit(null);
        assertThat(failures(r, Checks.RUN_ATTESTATION)).first().satisfies(c -> assertThat(c.details())
                .contains("carries no attestation evidence"));
        assertThat(failures(r, Checks.DOMAIN_RECORDS))
                .noneMatch(c -> c.details().contains("could not judge"));
        assertThat(r.count(Checks.PAYMENT, Status.PASS))
                .as("the rest of the history is judged")
                .isPositive();
    }

    @Test
    void aReceiptWhoseRunReportDoesNotVerifyFails() throws IOException {
        LedgerForge f = forge();
        String key = LedgerForge.key("run", HonestLedger.RUN);
        int start = f.lineWriting(key);
        f.edit(start, key, v -> {
                    ObjectNode evidence = (ObjectNode) v.path("evidence");
                    byte[] report =
                            Base64.getDecoder().decode(evidence.path("report").asText());
                    report[0x2A0 + 7] ^= 0x01; // inside the report's signature
                    evidence.put("report", Base64.getEncoder().encodeToString(report));
                })
                .save(true);
        AuditReport r = audit(null);
        assertThat(failures(r, Checks.RUN_ATTESTATION)).first().satisfies(c -> assertThat(c.details())
                .contains("the start report does not verify"));
        assertThat(failures(r, Checks.RECEIPT_SIGNATURE)).singleElement().satisfies(c -> assertThat(c.details())
                .contains("the run's attestation report does not verify"));
        assertThat(failures(r, Checks.KEY_RELEASE)).hasSize(2);
    }

    @Test
    void aKeyReleaseBeforeActivationFails() throws IOException {
        LedgerForge f = forge();
        String release = f.findKey(k -> k.startsWith(LedgerForge.key("key-release", HonestLedger.RUN)));
        ObjectNode value = f.value(f.lineWriting(release), release);
        int line = activation(f) - 1; // the last signature, while c1 is a DRAFT
        f.add(line, release.replace("\u0000" + value.path("txId").asText(), "\u0000forged"), value)
                .save(true);
        AuditReport r = audit(null);
        assertThat(failures(r, Checks.KEY_RELEASE)).singleElement().satisfies(c -> {
            assertThat(c.scope()).startsWith("line " + (line + 1) + " ");
            assertThat(c.details()).contains("contract 'c1' was DRAFT, not ACTIVE");
        });
    }

    @Test
    void aKeyReleaseForADisallowedMeasurementFails() throws IOException {
        LedgerForge f = forge();
        String release = f.findKey(k -> k.startsWith(LedgerForge.key("key-release", HonestLedger.RUN)));
        f.edit(f.lineWriting(release), release, v -> v.put("measurement", "b".repeat(96)))
                .save(true);
        assertThat(failures(audit(null), Checks.KEY_RELEASE)).singleElement().satisfies(c -> assertThat(c.details())
                .contains("is not allowed by contract 'c1'"));
    }

    @Test
    void aSpecKeyReleaseByAnotherPartyOrForAnotherCommitmentFails() throws IOException {
        LedgerForge f = forge();
        String release = f.findKey(k -> k.startsWith(LedgerForge.key("spec-key-release", SpecRelease.RUN)));
        f.edit(f.lineWriting(release), release, v -> v.put("tdcId", "icmr")).save(true);
        assertThat(failures(audit(null), Checks.KEY_RELEASE)).singleElement().satisfies(c -> assertThat(c.details())
                .contains("job 'job-1' is 'tdc''s, not 'icmr''s"));

        f = forge();
        f.edit(f.lineWriting(release), release, v -> v.put("modelSpecCommitment", "c".repeat(64)))
                .save(true);
        assertThat(failures(audit(null), Checks.KEY_RELEASE)).singleElement().satisfies(c -> assertThat(c.details())
                .contains("the released key is for commitment " + "c".repeat(64)));
    }

    @Test
    void anOverspentBudgetFails() throws IOException {
        LedgerForge f = forge();
        int receipt = f.lineWriting(LedgerForge.key("receipt", HonestLedger.RUN));
        f.edit(receipt, LedgerForge.key("budget", "icmr-data"), v -> v.put("spentEpsilon", new BigDecimal("10.5")))
                .save(true);
        assertThat(failures(audit(null), Checks.BUDGET)).first().satisfies(c -> {
            assertThat(c.scope()).startsWith("line " + (receipt + 1) + " ");
            assertThat(c.details()).contains("is above the total 10");
        });
    }

    @Test
    void aBudgetTotalRaisedWithoutTheDatasetsTermsFails() throws IOException {
        LedgerForge f = forge();
        int receipt = f.lineWriting(LedgerForge.key("receipt", HonestLedger.RUN));
        f.edit(receipt, LedgerForge.key("budget", "icmr-data"), v -> v.put("totalEpsilon", new BigDecimal("20")))
                .save(true);
        assertThat(failures(audit(null), Checks.BUDGET)).first().satisfies(c -> {
            assertThat(c.scope()).startsWith("line " + (receipt + 1) + " ");
            assertThat(c.details()).contains("the total changed from 10").contains("without the dataset's terms");
        });
    }

    /** The owner's update may grow the budget, but only to the total its new terms state. */
    @Test
    void aBudgetTotalOtherThanTheUpdatedTermsFails() throws IOException {
        LedgerForge f = forge();
        String budget = LedgerForge.key("budget", "cowin-data");
        int update = f.lastLineWriting(budget);
        f.edit(update, budget, v -> v.put("totalEpsilon", new BigDecimal("15"))).save(true);
        assertThat(failures(audit(null), Checks.BUDGET)).singleElement().satisfies(c -> {
            assertThat(c.scope()).startsWith("line " + (update + 1) + " ");
            assertThat(c.details())
                    .contains("the total 15")
                    .contains("is not the dataset's terms written with it: " + HonestLedger.GROWN_TOTAL);
        });
    }

    @Test
    void aPaymentNotMatchingItsReceiptFails() throws IOException {
        LedgerForge f = forge();
        int receipt = f.lineWriting(LedgerForge.key("receipt", HonestLedger.RUN));
        f.edit(
                        receipt,
                        LedgerForge.key("payment", "c1.cowin"),
                        v -> v.put("payeeMinor", v.path("payeeMinor").asLong() + 1000))
                .save(true);
        assertThat(failures(audit(null), Checks.PAYMENT)).singleElement().satisfies(c -> {
            assertThat(c.scope()).startsWith("line " + (receipt + 1) + " ");
            assertThat(c.details()).contains("the terms say");
        });
    }

    @Test
    void aDevelopmentRootFailsUnlessAllowed() throws IOException {
        copyHonest();
        AuditReport r = HonestLedger.audit(ledger(), dir.resolve("report"), null, null, false);
        assertThat(failures(r, Checks.DEVELOPMENT_ROOT)).hasSize(1);
        // One per run started from the emulator: run-1 and the training job's run-3.
        assertThat(failures(r, Checks.RUN_ATTESTATION)).hasSize(2).allSatisfy(c -> assertThat(c.details())
                .contains("development (emulator) root"));
    }

    @Test
    void anotherPartysGenuineSignatureTransplantedFails() throws IOException {
        // A hostile member copies cowin's valid signature on c1 into icmr's signature record.
        LedgerForge f = forge();
        String icmr = f.findKey(k -> k.startsWith("\u0000signature\u0000c1\u0000") && k.endsWith("\u0000icmr\u0000"));
        String cowin = f.findKey(k -> k.startsWith("\u0000signature\u0000c1\u0000") && k.endsWith("\u0000cowin\u0000"));
        ObjectNode theirs = f.value(f.lineWriting(cowin), cowin);
        f.edit(f.lineWriting(icmr), icmr, v -> {
                    v.put("signature", theirs.path("signature").asText());
                    v.put("signatureSha256", theirs.path("signatureSha256").asText());
                })
                .save(true);
        AuditReport r = audit(null);
        assertThat(failures(r, Checks.CONTRACT_SIGNATURE)).singleElement().satisfies(c -> assertThat(c.details())
                .contains("does not verify under icmr's registered certificate"));
        assertThat(failures(r, Checks.CONTRACT_ACTIVATION)).hasSize(1);
    }

    @Test
    void anActivationWithAPartyOutOfStandingFails() throws IOException {
        // After icmr signed, a forged write (in the last signature's line) records icmr as having signed
        // no agreement in force: the activation that follows counts a party out of standing.
        LedgerForge f = forge();
        String key = LedgerForge.key("participant", "icmr");
        int activation = activation(f);
        int last = -1;
        for (int i = 0; i < activation; i++) {
            if (hasValue(f, i, key)) {
                last = i;
            }
        }
        ObjectNode forged = f.value(last, key);
        forged.put("agreementVersion", "v0");
        f.add(activation - 1, key, forged).save(true);
        AuditReport r = audit(null);
        assertThat(failures(r, Checks.CONTRACT_ACTIVATION))
                .filteredOn(c -> c.scope().startsWith("line " + (activation + 1) + " "))
                .singleElement()
                .satisfies(c -> assertThat(c.details())
                        .contains("'icmr' had not signed the common agreement in force (version v1)"));
    }

    /** The line that activates contract c1. */
    private static int activation(LedgerForge f) {
        String contract = LedgerForge.key("contract", HonestLedger.CONTRACT);
        for (int i = 0; i < f.lines.size(); i++) {
            if (hasValue(f, i, contract)
                    && f.value(i, contract).path("status").asText().equals("ACTIVE")) {
                return i;
            }
        }
        throw new AssertionError("c1 is never activated");
    }

    private static boolean hasValue(LedgerForge f, int line, String key) {
        try {
            f.value(line, key);
            return true;
        } catch (RuntimeException | AssertionError e) {
            return false;
        }
    }

    private LedgerForge forge() throws IOException {
        copyHonest();
        return new LedgerForge(ledger());
    }

    private Path ledger() {
        return dir.resolve("ledger");
    }

    private void copyHonest() throws IOException {
        Path to = ledger();
        if (Files.exists(to)) {
            try (Stream<Path> files = Files.list(to)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
        }
        Files.createDirectories(to);
        try (Stream<Path> files = Files.list(honest)) {
            for (Path p : files.toList()) {
                if (Files.isRegularFile(p)) {
                    Files.copy(p, to.resolve(p.getFileName()));
                }
            }
        }
    }

    private AuditReport audit(String expectHead) {
        return HonestLedger.audit(ledger(), dir.resolve("report-" + System.nanoTime()), null, expectHead);
    }

    private static List<CheckResult> failures(AuditReport r, String... ids) {
        List<String> wanted = List.of(ids);
        return r.failures().stream().filter(c -> wanted.contains(c.id())).toList();
    }
}
