package org.depa.kms.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.kms.custody.KeyCustodyException;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.ChallengeRequest;
import org.depa.kms.protocol.EphemeralKey;
import org.depa.kms.protocol.RefusalCode;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.testing.MutableClock;
import org.depa.ledger.testing.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's key-release findings at the service both front ends call: a flood of challenges from one caller, the
 * audit log under a flood of refusals, challenges for runs that are not started, and a key the store cannot seal.
 */
class KeyReleaseUnderLoadTest {
    private static final Scenario S = TestWorld.SCENARIO;
    private static final EmulatedCcr CCR = EmulatedCcr.trusted();
    private static final String HOSTILE = "10.6.6.6";
    private static final String CLEAN_ROOM = "10.1.1.1";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));
    private final AuditLines audit = new AuditLines();

    @BeforeEach
    void listen() {
        Logger.getLogger("depa.kms.audit").addHandler(audit);
    }

    @AfterEach
    void stopListening() {
        Logger.getLogger("depa.kms.audit").removeHandler(audit);
    }

    private KeyReleaseService service(DatasetKeyStore keys) {
        return new KeyReleaseService(
                S.icmr.client(),
                "icmr",
                SnpVerifier.create(
                        VerifierOptions.defaults().withDevelopmentRoot(SnpProduct.MILAN, EmulatedCcr.CHIP.ark())),
                VerificationPolicy.defaults(),
                NonceStore.create(clock, Duration.ofSeconds(60), NonceStore.Quotas.defaults(10_000)),
                keys,
                true,
                clock,
                20);
    }

    private static String startedRun() {
        String contractId = TestWorld.next("load-c");
        S.active(contractId, "0.1");
        String run = TestWorld.next("load-r");
        S.startRun(contractId, run);
        return run;
    }

    @Test
    void oneCallersFloodDoesNotBlockAnotherCleanRoom() throws Exception {
        KeyReleaseService service = service(TestWorld.KEYS);
        String hostileRun = startedRun();
        String run = startedRun();
        int refused = 0;
        for (int i = 0; i < 9_999; i++) {
            try {
                service.challenge(new ChallengeRequest(hostileRun), HOSTILE);
            } catch (RefusalException e) {
                assertThat(e.problem().reasonCode()).isEqualTo(RefusalCode.CHALLENGE_CAPACITY);
                assertThat(e.problem().status()).isEqualTo(429);
                refused++;
            }
        }

        assertThat(refused)
                .as("the hostile caller gets its run's quota (10), no more")
                .isEqualTo(9_989);
        Challenge c = service.challenge(new ChallengeRequest(run), CLEAN_ROOM);
        EphemeralKey key = EphemeralKey.generate();
        assertThat(service.release(CCR.request(run, Scenario.ICMR_DATA, c, key)).jwe())
                .isNotEmpty();
    }

    @Test
    void refusalsAreCountedAndSummarisedNotEachWritten() throws Exception {
        KeyReleaseService service = service(TestWorld.KEYS);
        String run = startedRun();
        for (int i = 0; i < 5_000; i++) {
            try {
                service.challenge(new ChallengeRequest(run), HOSTILE);
            } catch (RefusalException e) {
                // counted below
            }
        }

        assertThat(audit.lines()).as("at most 20 refusal lines a minute").hasSize(20);
        assertThat(service.refusalCounts()).containsEntry("CHALLENGE_CAPACITY", 4_990L);

        clock.advance(Duration.ofSeconds(61));
        assertThatThrownBy(() -> service.challenge(new ChallengeRequest("r-never"), HOSTILE))
                .isInstanceOf(RefusalException.class);
        assertThat(audit.lines())
                .filteredOn(l -> l.contains("outcome=REFUSED-SUMMARY"))
                .singleElement()
                .satisfies(l -> assertThat(l).contains("notWritten=4970").contains("CHALLENGE_CAPACITY:4970"));
        assertThat(audit.lines()).as("the new window writes again").hasSize(22);
    }

    @Test
    void aChallengeIsOnlyForARunStartedOnTheLedger() throws Exception {
        KeyReleaseService service = service(TestWorld.KEYS);
        String failed = startedRun();
        S.ccr.ledger().submit(Runs.FAIL, new org.depa.ledger.model.tx.FailRunRequest(failed, S.ccr.id(), "test"));

        assertThatThrownBy(() -> service.challenge(new ChallengeRequest("r-never-started"), CLEAN_ROOM))
                .isInstanceOfSatisfying(RefusalException.class, e -> {
                    assertThat(e.problem().reasonCode()).isEqualTo(RefusalCode.NOT_RELEASABLE);
                    assertThat(e.problem().ledgerCode()).isEqualTo("NOT_FOUND");
                });
        assertThatThrownBy(() -> service.challenge(new ChallengeRequest(failed), CLEAN_ROOM))
                .isInstanceOfSatisfying(RefusalException.class, e -> {
                    assertThat(e.problem().reasonCode()).isEqualTo(RefusalCode.NOT_RELEASABLE);
                    assertThat(e.problem().ledgerCode()).isEqualTo("RUN_NOT_ACTIVE");
                });
        assertThatThrownBy(() -> service.challengeJson("{}", CLEAN_ROOM))
                .isInstanceOfSatisfying(
                        RefusalException.class,
                        e -> assertThat(e.problem().reasonCode()).isEqualTo(RefusalCode.MALFORMED_REQUEST));
    }

    @Test
    void aNonceIssuedForOneRunDoesNotServeAnother() throws Exception {
        KeyReleaseService service = service(TestWorld.KEYS);
        String run = startedRun();
        String other = startedRun();
        Challenge c = service.challenge(new ChallengeRequest(other), CLEAN_ROOM);
        long height = S.w.ledger.height();

        assertThatThrownBy(() -> service.release(CCR.request(run, Scenario.ICMR_DATA, c, EphemeralKey.generate())))
                .isInstanceOfSatisfying(
                        RefusalException.class,
                        e -> assertThat(e.problem().reasonCode()).isEqualTo(RefusalCode.NONCE_UNKNOWN));
        assertThat(S.w.ledger.height()).isEqualTo(height);
    }

    @Test
    void aKeyImportedWithKeytoolImportpassIsRefusedBeforeAnythingIsRecordedAndRetriesRecordNothing(@TempDir Path dir)
            throws Exception {
        Path store = keytoolImportpass(dir, "depa-dataset:icmr-data-key", "test-only");
        try (DatasetKeyStore keys = DatasetKeyStore.pkcs12(store, "test-only".toCharArray())) {
            assertThat(keys.contains("icmr-data-key")).as("the entry is there").isTrue();
            assertThatThrownBy(() -> keys.checkSealable("icmr-data-key"))
                    .isInstanceOf(KeyCustodyException.class)
                    .hasMessageContaining("not an AES dataset key");
            KeyReleaseService service = service(keys);
            String run = startedRun();
            long height = S.w.ledger.height();

            for (int attempt = 0; attempt < 3; attempt++) {
                Challenge c = service.challenge(new ChallengeRequest(run), CLEAN_ROOM);
                ReleaseRequest r = CCR.request(run, Scenario.ICMR_DATA, c, EphemeralKey.generate());
                assertThatThrownBy(() -> service.release(r)).isInstanceOfSatisfying(RefusalException.class, e -> {
                    assertThat(e.problem().reasonCode()).isEqualTo(RefusalCode.KEY_UNUSABLE);
                    assertThat(e.problem().status()).isEqualTo(500);
                });
            }

            assertThat(S.w.ledger.height())
                    .as("no release recorded, however often retried")
                    .isEqualTo(height);
            assertThat(S.icmr.ledger().evaluate(Runs.KEY_RELEASES, run)).isEmpty();
        }
    }

    /** A PKCS#12 store with a password imported by the JDK's stock {@code keytool -importpass} under {@code alias}. */
    static Path keytoolImportpass(Path dir, String alias, String password) throws IOException, InterruptedException {
        Path store = dir.resolve("keytool.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(
                        keytool.toString(),
                        "-importpass",
                        "-alias",
                        alias,
                        "-keystore",
                        store.toString(),
                        "-storetype",
                        "PKCS12",
                        "-storepass",
                        password,
                        "-keypass",
                        password,
                        "-noprompt")
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().write("a-password-not-a-key\na-password-not-a-key\n".getBytes(StandardCharsets.US_ASCII));
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(Files.exists(store)).isTrue();
        return store;
    }

    /** The audit logger's lines. */
    static final class AuditLines extends Handler {
        private final List<String> lines = new ArrayList<>();

        synchronized List<String> lines() {
            return new ArrayList<>(lines);
        }

        @Override
        public synchronized void publish(LogRecord record) {
            lines.add(record.getMessage() != null ? record.getMessage() : "");
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
