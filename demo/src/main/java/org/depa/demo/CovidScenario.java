package org.depa.demo;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.demo.CovidCast.Enrolment;
import org.depa.demo.CovidCast.Provider;
import org.depa.demo.party.Consortium;
import org.depa.demo.party.Party;
import org.depa.ledger.client.CommonAgreement;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractSignature;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.testkit.onboarding.Onboarding;

/**
 * The COVID scenario of the reference implementation: the SRO, three TDPs (ICMR test results,
 * CoWIN vaccinations, the state war-room index), one TDC, one CCR provider and an auditor go
 * through registration, verification, the common agreement, datasets behind their own kms-bridges,
 * a three-TDP contract, five signatures and activation with budget reservation; the TDC submits a
 * training job, which the CCR provider's operator runs in a clean room it launches as a separate
 * process (it attests with emulated SEV-SNP, obtains the three keys, trains with DP-SGD and writes
 * the receipt); the TDC fetches and opens the sealed model; the payment relay settles each payment instruction on a
 * local Ethereum chain from the escrow the TDC funded at activation. Every step is a real transaction made by the party the
 * chaincode expects; every key is generated fresh.
 *
 * <p>Written against {@link Consortium} and {@link Party} only: it runs alike whether the parties
 * reach the ledger from this JVM or through the gateway.
 */
final class CovidScenario {
    private final Consortium consortium;
    private final CovidCast cast;
    private final Path dataDir;
    private final Path dir;
    private final Path modelSpec;
    private final Console console;
    private final PaymentChain payments;
    private final Map<String, Party> parties = new LinkedHashMap<>();
    private final Custody custody;
    /** Where the training job runs: an operator in this JVM, or the deployment's operator process. */
    private final JobHost.Opener jobs;

    /** The TDPs' bridges for a run whose clean room attests with {@code chip}. */
    @FunctionalInterface
    interface Custody {
        DatasetKeyCustody open(SnpEmulator chip) throws IOException;

        /** Where each TDP hosts its ciphertext and sample: files here, unless a deployment runs its data endpoints. */
        default DatasetHosting hosting() {
            return DatasetHosting.localFiles();
        }

        /** The clean room's emulated chip: a new one, unless the bridges already trust one (a deployment's). */
        default SnpEmulator chip() {
            return SnpEmulator.create(SnpProduct.MILAN);
        }
    }

    CovidScenario(
            Consortium consortium,
            CovidCast cast,
            Path dataDir,
            Path dir,
            Path modelSpec,
            Console console,
            PaymentChain payments,
            Custody custody,
            JobHost.Opener jobs) {
        this.jobs = jobs;
        this.consortium = consortium;
        this.custody = custody;
        this.payments = payments;
        this.cast = cast;
        this.dataDir = dataDir;
        this.dir = dir;
        this.modelSpec = modelSpec;
        this.console = console;
    }

    void run() throws IOException {
        Onboarding onboarding = new Onboarding(consortium.domain(), consortium.sro());
        console.step("1. The SRO publishes the common agreement");
        // On a ledger that already has one (the network keeps earlier runs) the demo's participants sign
        // the agreement in force: a new version would stop every participant that signed the old one.
        Agreement agreement = CommonAgreement.currentOrPublish(
                consortium.sro(), cast.agreementVersion(), Hashes.sha256Hex(CovidCast.AGREEMENT_TEXT));
        console.line(
                "agreement %s, text sha256 %s%s",
                agreement.version(),
                agreement.textSha256(),
                agreement.version().equals(cast.agreementVersion())
                        ? ""
                        : " (in force on this ledger since an earlier run)");

        console.step("2. Participants register; the SRO verifies them; each signs the agreement with its own key");
        for (Enrolment e : CovidCast.enrolments()) {
            Party p = consortium.party(cast.id(e.baseId()), e.role(), e.mspId(), e.name(), e.algorithm());
            parties.put(e.baseId(), p);
            onboarding.onboard(p.member(), agreement, "identity documents checked");
            console.line(
                    "%-10s %-13s %-12s %s key, verified, agreement %s signed",
                    p.id(), p.role(), p.mspId(), p.algorithm(), agreement.version());
        }

        console.step("3. The SRO certifies the clean-room image (SEV-SNP launch measurement)");
        certifyMeasurement();
        console.line("certified %s...", CovidCast.MEASUREMENT.substring(0, 24));

        // The clean room's emulated chip: the agent attests with it, the TDPs' bridges trust its root.
        SnpEmulator chip = custody.chip();
        try (DatasetKeyCustody bridges = custody.open(chip)) {
            console.step("4. Each TDP drops direct identifiers, pseudonymises the join column with the key the three"
                    + " TDPs share (HMAC-SHA-256), encrypts under its own dataset key (Tink streaming AEAD) and"
                    + " registers the dataset with its terms");
            new TdpDatasets(cast, dataDir, dir, bridges, console, payments::payout, custody.hosting()).publish(parties);

            TrainingJobRun job = new TrainingJobRun(cast, dir, modelSpec, console);
            ContractRecord draft =
                    propose(onboarding, job.commit(bridges, parties.get(CovidCast.TDC), custody.hosting()));

            console.step("6. Every party fetches the signing payload, signs it locally, and posts the signature");
            for (String party : draft.parties()) {
                ContractSignature sig = onboarding.sign(byId(party).member(), draft.contractId());
                console.line("%-10s signed v%d with %s", party, sig.version(), sig.algorithm());
            }

            console.step("7. Activation: all signatures present, so each dataset's epsilon is reserved");
            ContractRecord active =
                    onboarding.activate(parties.get(CovidCast.TDC).member(), draft.contractId());
            console.line("status %s, reservations %s", active.status(), active.reservations());
            payments.fund(active, console);

            try (JobHost host =
                    jobs.open(parties.get(CovidCast.TDC), parties.get(CovidCast.CCR), chip, consortium.domain())) {
                new TdcInbox(dir, console).open(job.run(parties.get(CovidCast.TDC), host));
            }
        }
        console.step("10. The payment relay (role PAYMENT_RELAY) settles each payment instruction on the payment"
                + " chain once, waits for its confirmation and records chain id, transaction and block on the ledger");
        List<String> tdps =
                CovidCast.PROVIDERS.stream().map(p -> parties.get(p.id()).id()).toList();
        payments.settle(cast.contractId(), parties.get(CovidCast.RELAY), tdps, console);
        new LedgerReport(consortium, cast, console).print();
    }

    private void certifyMeasurement() {
        try {
            consortium
                    .sro()
                    .submit(
                            Measurements.CERTIFY,
                            new CertifyMeasurementRequest(
                                    CovidCast.MEASUREMENT,
                                    "depa training framework 0.1 (measurement of the Milan sample report)",
                                    new Tcb(3, 0, 8, 115)));
        } catch (LedgerException e) {
            if (e.code() != ErrorCode.ALREADY_EXISTS) {
                throw e;
            }
            console.line("(already certified on this ledger by an earlier run)");
        }
    }

    private ContractRecord propose(Onboarding onboarding, String modelSpecCommitment) {
        console.step("5. The TDC proposes a three-TDP contract (per dataset: epsilon 1.5 at delta 0.01, noise"
                + " multiplier 2.0, clipping norm 1.0, at most 30 epochs)");
        List<DatasetClauseRequest> clauses = new ArrayList<>();
        for (Provider p : CovidCast.PROVIDERS) {
            clauses.add(new DatasetClauseRequest(
                    cast.datasetId(p),
                    p.joinColumn(),
                    new PrivacyConstraints(
                            new BigDecimal("1.5"),
                            new BigDecimal("0.01"),
                            new BigDecimal("1.0"),
                            new BigDecimal("2.0"),
                            30),
                    300_000L));
        }
        Instant now = Instant.now();
        Party tdc = parties.get(CovidCast.TDC);
        ContractRecord draft = onboarding.propose(
                tdc.member(),
                new ContractProposal(
                                cast.contractId(),
                                tdc.id(),
                                parties.get(CovidCast.CCR).id(),
                                "TRAINING",
                                now.minus(Duration.ofMinutes(1)).toString(),
                                now.plus(Duration.ofDays(90)).toString(),
                                clauses,
                                List.of(CovidCast.MEASUREMENT),
                                new PaymentTerms("INR", 2000),
                                new RevocationTerms(List.of(Role.TDP, Role.TDC)))
                        .withModelSpecCommitment(modelSpecCommitment));
        console.line(
                "contract %s version %d, document sha256 %s, parties %s",
                draft.contractId(), draft.version(), draft.documentSha256(), draft.parties());
        return draft;
    }

    /** The party whose ledger id is {@code id}. */
    private Party byId(String id) {
        return parties.values().stream()
                .filter(p -> p.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no party " + id));
    }
}
