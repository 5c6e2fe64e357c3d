package org.depa.fabric;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.depa.ledger.client.CommonAgreement;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.client.fabric.FabricSettings;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.testkit.FabricEnrolment;
import org.depa.testkit.SelfSigned;
import org.depa.testkit.onboarding.Member;
import org.depa.testkit.onboarding.Onboarding;

/**
 * Participants and helpers on the running Fabric network. Every id carries a per-run tag, because
 * the network keeps what earlier runs wrote.
 */
final class FabricWorld implements AutoCloseable {
    static final String MEASUREMENT = "c0".repeat(48);

    /** A participant: identity, key and its own client connection (its own enrolment with its organisation's CA). */
    record Party(String id, Role role, String mspId, Credentials credentials, FabricLedger client) {
        TypedLedger ledger() {
            return new TypedLedger(client);
        }

        /** The participant as the onboarding fixture takes it; registered under its id as name. */
        Member member() {
            return Member.of(id, role, mspId, id, credentials, ledger());
        }
    }

    final LocalNetwork network;
    final String tag = Long.toString(System.currentTimeMillis(), 36)
            + ThreadLocalRandom.current().nextInt(1000);
    final SigningPayloads.Domain domain = new SigningPayloads.Domain(LocalNetwork.CHANNEL, LocalNetwork.CHAINCODE);
    private final Map<String, FabricLedger> clients = new ConcurrentHashMap<>();
    private final List<FabricLedger> extra = new ArrayList<>();
    private Onboarding onboarding;
    private Agreement agreement;

    FabricWorld(Path varNetwork) {
        this.network = new LocalNetwork(varNetwork);
    }

    String id(String base) {
        return base + "-" + tag;
    }

    FabricLedger client(String msp) {
        return clients.computeIfAbsent(msp, m -> FabricLedger.connect(network.settings(m, "User1")));
    }

    /** A separate connection (its own gRPC channel) as the organisation's User1, for concurrent clients. */
    synchronized FabricLedger freshClient(String msp) {
        FabricLedger c = FabricLedger.connect(network.settings(msp, "User1"));
        extra.add(c);
        return c;
    }

    /** A separate connection (its own gRPC channel) as the participant's own client identity. */
    synchronized FabricLedger freshClient(Party p) {
        FabricLedger c = FabricLedger.connect(settings(p.mspId(), p.id()));
        extra.add(c);
        return c;
    }

    /**
     * The participant's own client identity (issue 15): a certificate its organisation's CA (in
     * var/network/crypto) issues to it with the client OU, kept under var/network/clients; the
     * ledger binds the participant to it at registration, so no other client of the organisation
     * (User1, Admin, another participant's) may act for it.
     */
    FabricSettings settings(String msp, String participantId) {
        FabricEnrolment.Enrolled e = FabricEnrolment.enrol(
                FabricEnrolment.caDirectory(network.org(msp).usersDir()),
                participantId,
                network.directory().resolve("clients").resolve(msp).resolve(participantId));
        return network.settings(msp, e.certificate(), e.privateKey());
    }

    TypedLedger sro() {
        return new TypedLedger(client("SROMSP"));
    }

    /**
     * Takes the agreement in force (publishing v1 only on a network without one: a new version would
     * leave every participant of earlier runs, the demo's included, unable to act until it signs again)
     * and certifies the test measurement (once per network).
     */
    void setUp() {
        onboarding = new Onboarding(domain, sro());
        agreement = CommonAgreement.currentOrPublish(sro(), "v1", Hashes.sha256Hex("DEPA common agreement v1"));
        try {
            sro().submit(
                            Measurements.CERTIFY,
                            new CertifyMeasurementRequest(MEASUREMENT, "integration tests", new Tcb(0, 0, 0, 0)));
        } catch (org.depa.ledger.client.LedgerException e) {
            if (e.code() != org.depa.ledger.model.ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
        }
    }

    Party onboard(String base, Role role, String msp) {
        String id = id(base);
        Instant now = Instant.now();
        Credentials c = SelfSigned.credentials(
                SignatureAlgorithm.ECDSA_P256_SHA256, id, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
        FabricLedger own = FabricLedger.connect(settings(msp, id));
        clients.put(msp + "/" + id, own);
        Party p = new Party(id, role, msp, c, own);
        Member m = p.member();
        untilEndorsersFound(() -> onboarding.register(m));
        untilEndorsersFound(() -> onboarding.verify(m.id(), null));
        untilEndorsersFound(() -> onboarding.signAgreement(m, agreement));
        return p;
    }

    /**
     * After a peer restarts (FabricNetworkIT kills one), a gateway's discovery can name no endorsers
     * for the restarted peer's organisation until gossip sees it again; the endorsement was refused
     * before anything was ordered, so the step is tried again, for at most a minute.
     */
    static <T> T untilEndorsersFound(java.util.function.Supplier<T> step) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                return step.get();
            } catch (org.depa.ledger.client.LedgerException e) {
                if (!String.valueOf(e.getMessage()).contains("no combination of peers can be derived")
                        || System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    void registerDataset(Party owner, String datasetId, String total, String maxPerContract) {
        owner.ledger()
                .submit(
                        Datasets.REGISTER,
                        new DatasetRequest(
                                datasetId,
                                owner.id(),
                                datasetId,
                                "integration test data",
                                List.of(new SchemaField("mobile", "string", null)),
                                "file:///sample",
                                "file:///enc",
                                Hashes.sha256Hex(datasetId),
                                "https://127.0.0.1:8443/kms",
                                "key",
                                new DatasetTerms(
                                        List.of("TRAINING"),
                                        100L,
                                        "INR",
                                        new BigDecimal(maxPerContract),
                                        new BigDecimal(total),
                                        new BigDecimal("0.01"))));
    }

    ContractRecord propose(Party tdc, Party ccr, String contractId, List<String> datasets, String epsilon) {
        return onboarding.propose(tdc.member(), proposal(tdc, ccr, contractId, datasets, epsilon));
    }

    /** A proposal whose terms commit to the TDC's model spec (issue 11): a job may then name the contract. */
    ContractRecord proposeCommitted(
            Party tdc, Party ccr, String contractId, List<String> datasets, String epsilon, String commitment) {
        return onboarding.propose(
                tdc.member(), proposal(tdc, ccr, contractId, datasets, epsilon).withModelSpecCommitment(commitment));
    }

    /** {@code p}, proposed by the TDC (every other term as the caller wrote it). */
    ContractRecord propose(Party tdc, ContractProposal p) {
        return onboarding.propose(tdc.member(), p);
    }

    private static ContractProposal proposal(
            Party tdc, Party ccr, String contractId, List<String> datasets, String epsilon) {
        List<DatasetClauseRequest> clauses = new ArrayList<>();
        for (String d : datasets) {
            clauses.add(new DatasetClauseRequest(
                    d,
                    "mobile",
                    new PrivacyConstraints(
                            new BigDecimal(epsilon), new BigDecimal("0.01"), BigDecimal.ONE, new BigDecimal("2"), 2),
                    1000L));
        }
        Instant now = Instant.now();
        return new ContractProposal(
                contractId,
                tdc.id(),
                ccr.id(),
                "TRAINING",
                now.minus(Duration.ofMinutes(5)).toString(),
                now.plus(Duration.ofDays(7)).toString(),
                clauses,
                List.of(MEASUREMENT),
                new PaymentTerms("INR", 1000),
                new RevocationTerms(List.of(Role.TDP, Role.TDC)));
    }

    /** Each of {@code parties} fetches the contract's signing payload, signs it and submits the signature. */
    void signAll(String contractId, Party... parties) {
        for (Party p : parties) {
            onboarding.sign(p.member(), contractId);
        }
    }

    static String json(Object o) {
        return Json.canonicalString(o);
    }

    LedgerClient any() {
        return client("SROMSP");
    }

    @Override
    public void close() {
        clients.values().forEach(FabricLedger::close);
        extra.forEach(FabricLedger::close);
    }
}
