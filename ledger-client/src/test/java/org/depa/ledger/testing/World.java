package org.depa.ledger.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractSignature;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.LedgerEvent;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.domain.SigningRequest;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.ParticipantStatusRequest;
import org.depa.ledger.model.tx.StartRunRequest;
import org.depa.testkit.CredentialSource;
import org.depa.testkit.GenuineSnpFixtures;
import org.depa.testkit.SelfSigned;
import org.depa.testkit.onboarding.Onboarding;

/**
 * A test world on an embedded ledger: the SRO, and helpers that register, verify and onboard
 * participants, datasets, measurements and contracts through the real transactions.
 */
public final class World implements AutoCloseable {
    public static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
    /** The clean room's certified measurement: the one in AMD's genuine Milan report. */
    public static final String MEASUREMENT = GenuineSnpFixtures.MILAN_MEASUREMENT;

    public static final String OTHER_MEASUREMENT = "b".repeat(96);
    /** The chip (CHIP_ID, hex) and REPORTED_TCB of the runs' start reports. */
    public static final String CHIP_ID = "c1".repeat(64);

    public static final String REPORTED_TCB = "0300000000000873";
    /** Another chip under the same root, running the same certified image. */
    public static final String OTHER_CHIP_ID = "c2".repeat(64);
    /** CHIP_ID of a VLEK-signed report: masked, no chip identity. */
    public static final String NO_CHIP_ID = "00".repeat(64);

    public static final String AGREEMENT_TEXT =
            "DEPA common agreement v1: participants process data only as contracts allow.";

    public final MutableClock clock = new MutableClock(START);
    public final EmbeddedLedger ledger;
    public final LedgerClient sro;
    private final Map<String, Party> parties = new HashMap<>();
    private final SigningPayloads.Domain domain;
    private final Onboarding onboarding;
    private final CredentialSource keys;

    public World() {
        this(EmbeddedLedger.builder());
    }

    public World(EmbeddedLedger.Builder builder) {
        this(builder, CredentialSource.fresh());
    }

    /**
     * A world whose every key pair and certificate comes from {@code keys}, on a ledger deployed
     * with the development switch for the emulated clean rooms' root ({@link CleanRooms#ROOT}).
     */
    public World(EmbeddedLedger.Builder builder, CredentialSource keys) {
        this(builder.developmentRoots(List.of(CleanRooms.rootPin())), keys, true);
    }

    private World(EmbeddedLedger.Builder builder, CredentialSource keys, boolean unused) {
        this.keys = keys;
        this.ledger =
                builder.clock(clock).sroMspId("SROMSP").chaincodeName("depa").open();
        this.sro = ledger.connect(clientIdentity("SROMSP", "sro-admin"));
        this.domain = new SigningPayloads.Domain(ledger.channel(), "depa");
        this.onboarding = new Onboarding(domain, sroLedger());
    }

    /** A world on a ledger deployed as for production: AMD's roots only, no development switch. */
    public static World production(EmbeddedLedger.Builder builder) {
        return new World(builder, CredentialSource.fresh(), true);
    }

    /** A fresh in-memory world whose key pairs come from {@link CredentialSource#SHARED}. */
    public static World shared() {
        return new World(EmbeddedLedger.builder(), CredentialSource.SHARED);
    }

    /** The event of the newest block (every committed write emits exactly one). */
    public LedgerEvent lastEvent() {
        try (LedgerClient.EventStream events = sro.events(ledger.height())) {
            LedgerEventRecord r = events.next();
            assertThat(r.blockNumber()).isEqualTo(ledger.height());
            LedgerEvent e = Json.read(r.payload(), LedgerEvent.class);
            assertThat(e.type()).isEqualTo(r.name());
            assertThat(e.txId()).isEqualTo(r.txId());
            return e;
        }
    }

    public CredentialSource keys() {
        return keys;
    }

    /** A client identity (MSP and certificate) made from this world's keys. */
    public LedgerIdentity clientIdentity(String mspId, String name) {
        Credentials c = keys.generate(
                SignatureAlgorithm.ECDSA_P256_SHA256,
                name,
                START.minus(Duration.ofDays(365)),
                START.plus(Duration.ofDays(3650)));
        return new LedgerIdentity(mspId, c.certificatePem());
    }

    /** A client of organisation {@code mspId} that acts for no particular participant. */
    public LedgerClient client(String mspId, String name) {
        return ledger.connect(clientIdentity(mspId, name));
    }

    /** A run key from this world's keys. */
    public Credentials runKey(String name) {
        return keys.generate(SignatureAlgorithm.ECDSA_P384_SHA384, name, START, START.plus(Duration.ofDays(1)));
    }

    /**
     * Asserts that {@code call} is refused with {@code code} and that nothing was committed: the
     * ledger height is unchanged.
     */
    public LedgerException refuse(ErrorCode code, ThrowingCallable call) {
        long before = ledger.height();
        LedgerException e = Refusals.refused(code, call);
        assertThat(ledger.height()).as("a refused transaction commits nothing").isEqualTo(before);
        return e;
    }

    /** The raw canonical JSON a query returns, for byte-for-byte "nothing changed" checks. */
    public String raw(String function, String... args) {
        return new String(sro.evaluate(function, args), StandardCharsets.UTF_8);
    }

    public SigningPayloads.Domain domain() {
        return domain;
    }

    public TypedLedger sroLedger() {
        return new TypedLedger(sro);
    }

    public static LedgerIdentity identity(String mspId, String name) {
        Credentials c = SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P256_SHA256,
                name,
                START.minus(Duration.ofDays(365)),
                START.plus(Duration.ofDays(3650)));
        return new LedgerIdentity(mspId, c.certificatePem());
    }

    public void publishAgreement(String version) {
        onboarding.publishAgreement(version, Hashes.sha256Hex(AGREEMENT_TEXT + version));
    }

    /** Registers a participant in its own organisation without verifying it. */
    public Party register(String id, Role role, String mspId, SignatureAlgorithm alg) {
        Credentials c = keys.generate(alg, id, START.minus(Duration.ofDays(30)), START.plus(Duration.ofDays(3650)));
        return register(id, role, mspId, c);
    }

    public Party register(String id, Role role, String mspId, Credentials c) {
        LedgerClient client = ledger.connect(clientIdentity(mspId, id + "-client"));
        Party p = new Party(id, role, mspId, c, LocalSigner.fromPem(c.privateKeyPem()), client);
        onboarding.register(p.member());
        parties.put(id, p);
        return p;
    }

    public void verify(String id) {
        onboarding.verify(id, null);
    }

    public void suspend(String id) {
        sroLedger().submit(Participants.SUSPEND, new ParticipantStatusRequest(id, "test suspension"));
    }

    public void signAgreement(Party p) {
        onboarding.signAgreement(p.member(), sroLedger().evaluate(Participants.GET_AGREEMENT));
    }

    /** Registered, verified, agreement signed: ready to act. */
    public Party onboard(String id, Role role, String mspId) {
        return onboard(id, role, mspId, SignatureAlgorithm.ECDSA_P256_SHA256);
    }

    public Party onboard(String id, Role role, String mspId, SignatureAlgorithm alg) {
        Party p = register(id, role, mspId, alg);
        verify(id);
        signAgreement(p);
        return p;
    }

    public Party party(String id) {
        return parties.get(id);
    }

    public void certify(String measurement) {
        sroLedger()
                .submit(
                        Measurements.CERTIFY,
                        new CertifyMeasurementRequest(measurement, "depa training framework", new Tcb(3, 0, 8, 115)));
    }

    public static DatasetRequest datasetRequest(String id, String owner, String totalEpsilon) {
        return datasetRequest(id, owner, totalEpsilon, null);
    }

    /** The same, naming where contracts pay the owner on chain ({@code payout}, or null for nowhere). */
    public static DatasetRequest datasetRequest(String id, String owner, String totalEpsilon, PayoutAccounts payout) {
        return new DatasetRequest(
                id,
                owner,
                id + " records",
                "synthetic records for tests",
                List.of(new SchemaField("mobile", "string", "join key"), new SchemaField("result", "int", null)),
                "file:///samples/" + id + ".csv",
                "file:///data/" + id + ".enc",
                Hashes.sha256Hex(id + "-ciphertext"),
                "https://127.0.0.1:8443/" + owner,
                id + "-key",
                new DatasetTerms(
                        List.of("TRAINING"),
                        1000L,
                        "INR",
                        new BigDecimal("2"),
                        new BigDecimal(totalEpsilon),
                        new BigDecimal("0.01"),
                        payout));
    }

    public Dataset registerDataset(Party owner, String id, String totalEpsilon) {
        return registerDataset(owner, id, totalEpsilon, null);
    }

    public Dataset registerDataset(Party owner, String id, String totalEpsilon, PayoutAccounts payout) {
        return owner.ledger().submit(Datasets.REGISTER, datasetRequest(id, owner.id(), totalEpsilon, payout));
    }

    public static ContractProposal proposal(
            String contractId, String tdc, String ccr, List<String> datasets, String epsilon) {
        List<DatasetClauseRequest> clauses = new ArrayList<>();
        for (String d : datasets) {
            clauses.add(new DatasetClauseRequest(
                    d,
                    "mobile",
                    new PrivacyConstraints(
                            new BigDecimal(epsilon),
                            new BigDecimal("0.01"),
                            new BigDecimal("1.0"),
                            new BigDecimal("2.0"),
                            5),
                    5000L));
        }
        return new ContractProposal(
                contractId,
                tdc,
                ccr,
                "TRAINING",
                START.toString(),
                START.plus(Duration.ofDays(30)).toString(),
                clauses,
                List.of(MEASUREMENT),
                new PaymentTerms("INR", 1000),
                new RevocationTerms(List.of(Role.TDP, Role.TDC)));
    }

    public ContractRecord propose(Party tdc, ContractProposal p) {
        return onboarding.propose(tdc.member(), p);
    }

    public SigningRequest signingRequest(String contractId) {
        return sroLedger().evaluate(Contracts.SIGNING_PAYLOAD, contractId);
    }

    /** {@code p} fetches the signing payload of the contract's current version, signs it and submits. */
    public ContractSignature sign(Party p, String contractId) {
        return onboarding.sign(p.member(), contractId);
    }

    public ContractRecord activate(Party p, String contractId) {
        return onboarding.activate(p.member(), contractId);
    }

    public ContractRecord contract(String contractId) {
        return sroLedger().evaluate(Contracts.GET, contractId);
    }

    /** A run key pair: the clean room's attested key that signs the receipt. */
    public static Credentials runKey() {
        return SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P384_SHA384, "run", START, START.plus(Duration.ofDays(1)));
    }

    public TrainingRun startRun(Party ccr, String runId, String contractId, Credentials runKey) {
        return startRun(ccr, runId, contractId, runKey, CHIP_ID);
    }

    /** A run started from a report of {@code chipId} ({@link #NO_CHIP_ID}: a VLEK-signed report). */
    public TrainingRun startRun(Party ccr, String runId, String contractId, Credentials runKey, String chipId) {
        return startRun(ccr, runId, contractId, runKey, chipId, REPORTED_TCB);
    }

    /** A run started from a report of {@code chipId} at {@code reportedTcb}. */
    public TrainingRun startRun(
            Party ccr, String runId, String contractId, Credentials runKey, String chipId, String reportedTcb) {
        return ccr.ledger().submit(Runs.START, startRequest(ccr, runId, contractId, runKey, chipId, reportedTcb));
    }

    /**
     * The start of {@code runId} with an emulated report of {@code chipId} at {@code reportedTcb},
     * launched with {@link #MEASUREMENT} and binding {@code runKey}.
     */
    public static StartRunRequest startRequest(
            Party ccr, String runId, String contractId, Credentials runKey, String chipId, String reportedTcb) {
        return CleanRooms.start(
                CleanRooms.chip(chipId, reportedTcb), runId, contractId, ccr.id(), MEASUREMENT, runKey.publicKeyPem());
    }

    public static String json(Object o) {
        return Json.canonicalString(o);
    }

    /** {@code json} with its one occurrence of {@code from} replaced; fails if {@code from} is absent. */
    public static String edit(String json, String from, String to) {
        int at = json.indexOf(from);
        assertThat(at).as("%s occurs in %s", from, json).isNotNegative();
        assertThat(json.indexOf(from, at + 1))
                .as("%s occurs once in %s", from, json)
                .isNegative();
        return json.substring(0, at) + to + json.substring(at + from.length());
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        ledger.close();
    }
}
