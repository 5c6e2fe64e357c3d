package org.depa.bench;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.PublicKeyInfo;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.SignContractRequest;
import org.depa.testkit.onboarding.Member;
import org.depa.testkit.onboarding.Onboarding;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Full contract lifecycles on the embedded ledger: propose, four signatures (TDC, CCR provider,
 * two TDPs), activation with budget reservation. Two forms: {@link #lifecycle} has each party sign
 * inside the measured call, as one program acting for all four clients would; {@link
 * #lifecyclePresigned} submits the same six transactions with the parties' signatures made
 * beforehand, outside the measurement, because in a deployment each party signs in its own process
 * and the ledger's work begins with the signed request. Beside them, in the same run, the bare
 * cost of the four signature verifications the chaincode performs and of the four client-side
 * signatures, so docs/performance.md can report the share of lifecycle time spent on signatures.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LifecycleBenchmark {
    static final String MEASUREMENT = "ab".repeat(48);

    /** One ledger and its participants, shared by all benchmark threads. */
    @State(Scope.Benchmark)
    public static class World {
        @Param({"ECDSA_P256_SHA256", "ED25519"})
        public String algorithm;

        EmbeddedLedger ledger;
        SigningPayloads.Domain domain;
        Onboarding onboarding;
        Member tdc;
        Member ccr;
        Member tdpA;
        Member tdpB;
        /** The TDC's connection as a {@link TypedLedger}, to endorse a proposal without committing it. */
        TypedLedger tdcLedger;
        /** The parties who sign each contract, in the order they sign. */
        List<Member> signers;

        final AtomicInteger threads = new AtomicInteger();

        @Setup(Level.Trial)
        public void setUp() {
            SignatureAlgorithm alg = SignatureAlgorithm.valueOf(algorithm);
            ledger = EmbeddedLedger.builder()
                    .sroMspId("SROMSP")
                    .chaincodeName("depa")
                    .open();
            domain = new SigningPayloads.Domain(ledger.channel(), "depa");
            TypedLedger sro = new TypedLedger(ledger.connect(identity("SROMSP")));
            onboarding = new Onboarding(domain, sro);
            Agreement a = onboarding.publishAgreement("v1", Hashes.sha256Hex("agreement"));
            tdc = onboard(a, "tdc", Role.TDC, "ConsumerMSP", alg);
            ccr = onboard(a, "ccr", Role.CCR_PROVIDER, "CcrMSP", alg);
            tdpA = onboard(a, "tdp-a", Role.TDP, "ProviderAMSP", alg);
            tdpB = onboard(a, "tdp-b", Role.TDP, "ProviderBMSP", alg);
            signers = List.of(tdc, ccr, tdpA, tdpB);
            tdcLedger = (TypedLedger) tdc.ledger();
            sro.submit(Measurements.CERTIFY, new CertifyMeasurementRequest(MEASUREMENT, "bench", new Tcb(0, 0, 0, 0)));
        }

        Member onboard(Agreement a, String id, Role role, String msp, SignatureAlgorithm alg) {
            Instant now = Instant.now();
            Credentials c = Credentials.generate(alg, id, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(30)));
            Member m = Member.of(id, role, msp, id, c, new TypedLedger(ledger.connect(identity(msp))));
            onboarding.onboard(m, a, null);
            return m;
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            ledger.close();
        }
    }

    /** Per thread: its own pair of datasets, so threads do not contend for one budget key. */
    @State(Scope.Thread)
    public static class Lane {
        List<String> datasets;
        int next;
        String lane;
        byte[][] payloads;
        byte[][] signatures;
        PublicKeyInfo[] keys;
        LocalSigner[] signers;

        @Setup(Level.Trial)
        public void setUp(World w) {
            lane = "l" + w.threads.incrementAndGet();
            datasets = List.of(lane + "-a", lane + "-b");
            register(w.tdpA, datasets.get(0));
            register(w.tdpB, datasets.get(1));
            // Inputs of the bare-crypto baselines: four real contract payloads, signed once.
            payloads = new byte[4][];
            signatures = new byte[4][];
            keys = new PublicKeyInfo[4];
            signers = new LocalSigner[4];
            for (int i = 0; i < 4; i++) {
                keys[i] = Pem.certificate("cert", w.signers.get(i).certificatePem());
                signers[i] = w.signers.get(i).signer();
            }
            for (int i = 0; i < 4; i++) {
                payloads[i] = SigningPayloads.contract(w.domain, lane + "-baseline", 1, Hashes.sha256Hex(lane + i));
                signatures[i] = signers[i].sign(payloads[i]);
            }
        }

        private void register(Member owner, String id) {
            owner.ledger()
                    .submit(
                            Datasets.REGISTER,
                            new DatasetRequest(
                                    id,
                                    owner.id(),
                                    id,
                                    "benchmark dataset",
                                    List.of(new SchemaField("k", "string", null)),
                                    "file:///s",
                                    "file:///e",
                                    Hashes.sha256Hex(id),
                                    "https://kms",
                                    "key",
                                    new DatasetTerms(
                                            List.of("TRAINING"),
                                            1L,
                                            "INR",
                                            new BigDecimal("1"),
                                            new BigDecimal("100"),
                                            new BigDecimal("0.01"))));
        }
    }

    /**
     * The next lifecycle's requests with the four parties' signatures already made: the TDC's
     * proposal is endorsed (simulated, never committed) to learn the document hash the parties sign,
     * as a party would read it from the proposal. Prepared before each call, outside the measurement.
     */
    @State(Scope.Thread)
    public static class Presigned {
        ContractProposal proposal;
        List<Member> parties;
        List<SignContractRequest> signatures;

        @Setup(Level.Invocation)
        public void prepare(World w, Lane lane) {
            proposal = proposal(lane);
            ContractRecord draft = Contracts.PROPOSE.result(
                    w.tdcLedger.endorse(Contracts.PROPOSE, proposal).result());
            byte[] payload =
                    SigningPayloads.contract(w.domain, draft.contractId(), draft.version(), draft.documentSha256());
            parties = w.signers;
            signatures = new ArrayList<>(parties.size());
            for (Member m : parties) {
                signatures.add(new SignContractRequest(draft.contractId(), draft.version(), m.id(), m.sign(payload)));
            }
        }
    }

    /** Propose, four signatures, activate (reserves 0.000001 on each dataset's budget). */
    @Benchmark
    public ContractRecord lifecycle(World w, Lane lane) {
        return w.onboarding.activeContract(w.tdc, proposal(lane), w.signers);
    }

    /**
     * The same six transactions with the signatures made beforehand ({@link Presigned}): the
     * ledger's work for a lifecycle whose parties sign in their own processes. Each signature is
     * submitted by its own party, and the chaincode verifies it as in {@link #lifecycle}.
     */
    @Benchmark
    public ContractRecord lifecyclePresigned(World w, Presigned p) {
        ContractRecord draft = w.onboarding.propose(w.tdc, p.proposal);
        for (int i = 0; i < p.parties.size(); i++) {
            p.parties.get(i).ledger().submit(Contracts.SIGN, p.signatures.get(i));
        }
        return w.onboarding.activate(w.tdc, draft.contractId());
    }

    /** The next contract of this lane: two datasets, valid from a minute ago for a day. */
    static ContractProposal proposal(Lane lane) {
        return BenchContracts.training(lane.lane + "-c" + lane.next++, "tdc", "ccr", lane.datasets, MEASUREMENT);
    }

    /** Baseline: the four verifications one lifecycle makes in the chaincode, alone. */
    @Benchmark
    public void verifyFourSignatures(Lane lane) {
        for (int i = 0; i < 4; i++) {
            SignatureVerifier.verify(lane.keys[i], lane.payloads[i], lane.signatures[i]);
        }
    }

    /** Baseline: the four client-side signatures one lifecycle needs (not ledger work). */
    @Benchmark
    public void signFourPayloads(Lane lane, Blackhole bh) {
        for (int i = 0; i < 4; i++) {
            bh.consume(lane.signers[i].sign(lane.payloads[i]));
        }
    }

    /** Baseline: one canonical JSON encoding of a contract-sized document. */
    @Benchmark
    public byte[] canonicalJson(Lane lane) {
        return Json.canonical(lane.datasets);
    }

    static LedgerIdentity identity(String msp) {
        Instant now = Instant.now();
        return new LedgerIdentity(
                msp,
                Credentials.generate(
                                SignatureAlgorithm.ECDSA_P256_SHA256,
                                msp,
                                now.minus(Duration.ofDays(1)),
                                now.plus(Duration.ofDays(30)))
                        .certificatePem());
    }
}
