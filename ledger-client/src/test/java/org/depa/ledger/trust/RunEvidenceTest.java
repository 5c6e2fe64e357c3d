package org.depa.ledger.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.ledger.testing.Refusals.refused;

import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.attestation.emulator.VcekSpec;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.RunBinding;
import org.depa.ledger.model.domain.Governance;
import org.depa.ledger.model.domain.RunEvidence;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.StartRunRequest;
import org.depa.ledger.testing.CleanRooms;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.testkit.GenuineSnpFixtures;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * runs:start verifies the clean room's evidence on the ledger (issue 13, item 1): the report and
 * its chain are checked at the transaction's timestamp against AMD's roots, or the development
 * root the ledger was deployed with; REPORT_DATA must bind the run; the measurement, chip and TCB
 * recorded are the verified report's. Every refusal writes nothing.
 */
class RunEvidenceTest {
    private static final SnpEmulator CHIP = CleanRooms.chip(World.CHIP_ID, World.REPORTED_TCB);
    /** An emulator with its own ARK, which no ledger here trusts. */
    private static final SnpEmulator STRANGER = SnpEmulator.create(SnpProduct.MILAN);

    private Scenario s;
    private World w;

    @BeforeEach
    void setUp() {
        s = new Scenario(new World());
        w = s.w;
        s.active("c1", "1", Scenario.ICMR_DATA);
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    private StartRunRequest honest(String runId) {
        return World.startRequest(s.ccr, runId, "c1", s.runKey(runId), World.CHIP_ID, World.REPORTED_TCB);
    }

    /** {@code honest} with another report, encoded as the request carries it. */
    private static StartRunRequest withReport(StartRunRequest r, byte[] report) {
        return withReport(r, Base64.getEncoder().encodeToString(report));
    }

    private static StartRunRequest withReport(StartRunRequest r, String report) {
        return new StartRunRequest(
                r.runId(), r.contractId(), r.ccrProviderId(), report, r.certificateChainPem(), r.runPublicKeyPem());
    }

    private static StartRunRequest withChain(StartRunRequest r, String chainPem) {
        return new StartRunRequest(
                r.runId(), r.contractId(), r.ccrProviderId(), r.report(), chainPem, r.runPublicKeyPem());
    }

    /** A report of {@code chip} launched with {@code measurement}, bound to run r1 under c1 with {@code runKeyPem}. */
    private static byte[] report(SnpEmulator chip, String measurement, String runId, String runKeyPem) {
        return CleanRooms.report(chip, measurement, RunBinding.reportData(runId, "c1", runKeyPem));
    }

    record Case(String name, ErrorCode code, String detail, Function<RunEvidenceTest, StartRunRequest> request) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                        new Case(
                                "a report binding another run key",
                                ErrorCode.ATTESTATION_MISMATCH,
                                "REPORT_DATA",
                                t -> withReport(
                                        t.honest("r1"),
                                        report(
                                                CHIP,
                                                World.MEASUREMENT,
                                                "r1",
                                                World.runKey().publicKeyPem()))),
                        new Case(
                                "a report made for another run of the same key",
                                ErrorCode.ATTESTATION_MISMATCH,
                                "another run or key",
                                t -> withReport(
                                        t.honest("r1"),
                                        report(
                                                CHIP,
                                                World.MEASUREMENT,
                                                "r0",
                                                t.s.runKey("r1").publicKeyPem()))),
                        new Case(
                                "a report of another, uncertified measurement",
                                ErrorCode.MEASUREMENT_NOT_CERTIFIED,
                                World.OTHER_MEASUREMENT,
                                t -> withReport(
                                        t.honest("r1"),
                                        report(
                                                CHIP,
                                                World.OTHER_MEASUREMENT,
                                                "r1",
                                                t.s.runKey("r1").publicKeyPem()))),
                        new Case(
                                "a declared measurement the report does not carry",
                                ErrorCode.ATTESTATION_MISMATCH,
                                "measurement",
                                t -> t.honest("r1").declaring(World.OTHER_MEASUREMENT, null, null)),
                        new Case(
                                "a chain to an untrusted root",
                                ErrorCode.ATTESTATION_INVALID,
                                "UNKNOWN_ROOT",
                                t -> withChain(
                                        withReport(
                                                t.honest("r1"),
                                                report(
                                                        STRANGER,
                                                        World.MEASUREMENT,
                                                        "r1",
                                                        t.s.runKey("r1").publicKeyPem())),
                                        CleanRooms.chainPem(STRANGER.chain()))),
                        new Case(
                                "the trusted chain for a report another chip signed",
                                ErrorCode.ATTESTATION_INVALID,
                                "SIGNATURE_INVALID",
                                t -> withReport(
                                        t.honest("r1"),
                                        report(
                                                STRANGER,
                                                World.MEASUREMENT,
                                                "r1",
                                                t.s.runKey("r1").publicKeyPem()))),
                        new Case(
                                "a chain without the VCEK",
                                ErrorCode.ATTESTATION_INVALID,
                                "MISSING_CERTIFICATE",
                                t -> withChain(t.honest("r1"), CleanRooms.chainPem(List.of(CHIP.ask(), CHIP.ark())))),
                        new Case(
                                "a debug guest's report",
                                ErrorCode.ATTESTATION_INVALID,
                                "DEBUG_ENABLED",
                                t -> withReport(
                                        t.honest("r1"),
                                        CHIP.report(CHIP.reportSpec()
                                                .measurement(
                                                        java.util.HexFormat.of().parseHex(World.MEASUREMENT))
                                                .reportData(RunBinding.reportData(
                                                        "r1",
                                                        "c1",
                                                        t.s.runKey("r1").publicKeyPem()))
                                                .policy(0x30000L | (1L << 19))
                                                .build()))),
                        new Case(
                                "a truncated report",
                                ErrorCode.ATTESTATION_INVALID,
                                "WRONG_LENGTH",
                                t -> withReport(
                                        t.honest("r1"),
                                        Arrays.copyOf(
                                                Base64.getDecoder()
                                                        .decode(t.honest("r1").report()),
                                                1000))),
                        new Case(
                                "1184 bytes of garbage",
                                ErrorCode.ATTESTATION_INVALID,
                                "UNSUPPORTED_VERSION",
                                t -> withReport(t.honest("r1"), garbage(1184))),
                        new Case(
                                "a report that is not base64",
                                ErrorCode.INVALID_ARGUMENT,
                                "'report'",
                                t -> withReport(t.honest("r1"), "not base64!")),
                        new Case(
                                "a report above the size cap",
                                ErrorCode.INVALID_ARGUMENT,
                                "'report'",
                                t -> withReport(t.honest("r1"), garbage(StartRunRequest.MAX_REPORT_BYTES + 1))),
                        new Case(
                                "a chain that is no PEM",
                                ErrorCode.INVALID_ARGUMENT,
                                "'certificateChainPem'",
                                t -> withChain(t.honest("r1"), "garbage")),
                        new Case(
                                "a PEM chain of garbage",
                                ErrorCode.INVALID_ARGUMENT,
                                "'certificateChainPem'",
                                t -> withChain(
                                        t.honest("r1"),
                                        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n")),
                        new Case(
                                "a chain above the size cap",
                                ErrorCode.INVALID_ARGUMENT,
                                "'certificateChainPem'",
                                t -> withChain(
                                        t.honest("r1"),
                                        t.honest("r1").certificateChainPem()
                                                + " ".repeat(StartRunRequest.MAX_CHAIN_CHARS))))
                .map(Arguments::of);
    }

    private static byte[] garbage(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31 + 7);
        }
        return b;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesAndWritesNothing(Case c) {
        StartRunRequest request = c.request().apply(this);
        long height = w.ledger.height();
        LedgerException e = w.refuse(c.code(), () -> s.ccr.ledger().submit(Runs.START, request));
        assertThat(e.getMessage()).contains(c.detail());
        assertThat(w.ledger.height()).isEqualTo(height);
        refused(ErrorCode.NOT_FOUND, () -> s.run("r1"));
    }

    @Test
    void theHonestStartRecordsWhatTheVerifiedReportSays() {
        StartRunRequest r = honest("r1");
        TrainingRun run = s.ccr.ledger().submit(Runs.START, r);
        byte[] report = Base64.getDecoder().decode(r.report());
        assertThat(run.reportSha256()).isEqualTo(Hashes.sha256Hex(report));
        assertThat(run.measurement()).isEqualTo(World.MEASUREMENT);
        assertThat(run.chipId()).isEqualTo(World.CHIP_ID);
        assertThat(run.reportedTcb()).isEqualTo(World.REPORTED_TCB);
        assertThat(run.evidence())
                .isEqualTo(new RunEvidence(
                        r.report(), r.certificateChainPem(), "Milan", "VCEK", RunEvidence.DEVELOPMENT_ROOT));
        assertThat(s.run("r1")).isEqualTo(run);
    }

    @Test
    void aVlekSignedReportStartsARunThatNamesNoChip() {
        TrainingRun run = s.ccr.ledger()
                .submit(
                        Runs.START,
                        World.startRequest(s.ccr, "r1", "c1", s.runKey("r1"), World.NO_CHIP_ID, World.REPORTED_TCB));
        assertThat(run.chipId()).isEqualTo(World.NO_CHIP_ID);
        assertThat(run.evidence().signingKey()).isEqualTo("VLEK");
    }

    @Test
    void certificatesAreJudgedAtTheTransactionsTimestampNotTheWallClock() {
        // A VCEK valid for two days from the world's start: good on day one, expired on day three.
        SnpEmulator shortLived = CleanRooms.ROOT.withVcek(VcekSpec.builder(
                        SnpProduct.MILAN,
                        CHIP.vcekSpec().hwId(),
                        CHIP.vcekSpec().tcb())
                .validity(World.START.minus(Duration.ofDays(1)), World.START.plus(Duration.ofDays(2)))
                .build());
        Function<String, StartRunRequest> start = runId -> CleanRooms.start(
                shortLived,
                runId,
                "c1",
                "ccr",
                World.MEASUREMENT,
                s.runKey(runId).publicKeyPem());
        w.clock.advance(Duration.ofDays(3));
        assertThat(w.refuse(ErrorCode.ATTESTATION_INVALID, () -> s.ccr.ledger().submit(Runs.START, start.apply("r1")))
                        .getMessage())
                .contains("CERTIFICATE_EXPIRED");
        w.clock.set(World.START.plus(Duration.ofHours(1)));
        assertThat(s.ccr.ledger()
                        .submit(Runs.START, start.apply("r2"))
                        .evidence()
                        .root())
                .isEqualTo(RunEvidence.DEVELOPMENT_ROOT);
    }

    @Test
    void aGenuineAmdReportVerifiesToAmdsRootWithoutTheSwitchAndIsRefusedForNotBindingTheRun() throws Exception {
        byte[] report = java.nio.file.Files.readAllBytes(GenuineSnpFixtures.file(GenuineSnpFixtures.MILAN_REPORT));
        java.security.cert.X509Certificate vcek;
        try (var in = java.nio.file.Files.newInputStream(GenuineSnpFixtures.file(GenuineSnpFixtures.MILAN_VCEK))) {
            vcek = (java.security.cert.X509Certificate)
                    java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        try (Scenario production = new Scenario(World.production(EmbeddedLedger.builder()))) {
            production.active("c1", "1", Scenario.ICMR_DATA);
            StartRunRequest r = new StartRunRequest(
                    "r1",
                    "c1",
                    "ccr",
                    Base64.getEncoder().encodeToString(report),
                    CleanRooms.chainPem(List.of(vcek)),
                    production.runKey("r1").publicKeyPem());
            // The chain (VCEK, then AMD's bundled ASK and ARK) verifies at the transaction's time:
            // what fails is the binding, since AMD's sample report was not made for this run.
            LedgerException e = production.w.refuse(
                    ErrorCode.ATTESTATION_MISMATCH,
                    () -> production.ccr.ledger().submit(Runs.START, r));
            assertThat(e.getMessage()).contains("REPORT_DATA");
        }
    }

    @Test
    void theDevelopmentSwitchIsOnTheLedgerForEveryReader() {
        Governance g = w.sroLedger().evaluate(Participants.GET_GOVERNANCE);
        assertThat(g.developmentRoots())
                .containsExactly(
                        Hashes.sha256Hex(CleanRooms.ROOT.ark().getPublicKey().getEncoded()));
        assertThat(g.trustsDevelopmentRoots()).isTrue();
    }

    @Test
    void withoutTheSwitchAnEmulatedReportIsRefusedAndTheLedgerSaysAmdOnly() {
        try (Scenario production = new Scenario(World.production(EmbeddedLedger.builder()))) {
            production.active("c1", "1", Scenario.ICMR_DATA);
            StartRunRequest r = World.startRequest(
                    production.ccr, "r1", "c1", production.runKey("r1"), World.CHIP_ID, World.REPORTED_TCB);
            LedgerException e = production.w.refuse(
                    ErrorCode.ATTESTATION_INVALID, () -> production.ccr.ledger().submit(Runs.START, r));
            assertThat(e.getMessage()).contains("UNKNOWN_ROOT").contains("AMD's roots only");
            Governance g = production.w.sroLedger().evaluate(Participants.GET_GOVERNANCE);
            assertThat(g.developmentRoots()).isEmpty();
        }
    }
}
