package org.depa.dashboard;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.depa.demo.remote.ScenarioConnections;
import org.depa.gateway.client.ClientIdentity;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.testkit.GenuineSnpFixtures;
import org.depa.testkit.onboarding.Member;
import org.depa.testkit.onboarding.Onboarding;

/**
 * A job the tests move along while its page is open. The scenario's own job finished with its
 * contract, so the same parties make a second contract over the same three datasets (proposed by
 * the TDC, signed by all five with their own keys, activated: each dataset's epsilon reserved) and
 * the TDC submits a job on it; the CCR provider then schedules, starts and fails it through the
 * gateway, each a real transaction. No clean room runs for it.
 */
final class LiveJob {
    static final String CONTRACT = "covid-2026-live";
    static final String JOB = "covid-2026-live-job";
    private static final String OUTPUT_KEY = "covid-2026-live-output-key";
    private static final String[][] CLAUSES = {
        {"icmr-2026", "icmr_patient_mobilenumber"},
        {"cowin-2026", "cowin_registered_mobile"},
        {"index-2026", "pcnumber"}
    };

    private final TypedLedger ccr;
    private final OperatorOutputs outputs;

    private LiveJob(TypedLedger ccr, OperatorOutputs outputs) {
        this.ccr = ccr;
        this.outputs = outputs;
    }

    OperatorOutputs outputs() {
        return outputs;
    }

    /** What the clean room would report after an epoch: the job's progress.json in its workspace. */
    void progress(int epoch, int epochs, double loss, double epsilonSpent) throws IOException {
        outputs.writeProgress(JOB, epoch, epochs, loss, epsilonSpent);
    }

    /** Makes the contract and submits the job (status SUBMITTED). */
    static LiveJob submit(Scenario s, URI gateway, OperatorOutputs outputs) throws IOException {
        TypedLedger sro = s.connect(gateway, Scenario.SRO_OPERATOR, "SROMSP");
        Onboarding onboarding = new Onboarding(new SigningPayloads.Domain("depa", "depa"), sro);
        Member tdc = member(s, gateway, Scenario.TDC, Role.TDC, "ConsumerMSP");
        List<Member> signers = List.of(
                member(s, gateway, Scenario.ICMR, Role.TDP, "ProviderMSP"),
                member(s, gateway, Scenario.COWIN, Role.TDP, "ProviderMSP"),
                member(s, gateway, Scenario.INDEX, Role.TDP, "ProviderMSP"),
                tdc,
                member(s, gateway, Scenario.CCR, Role.CCR_PROVIDER, "ConsumerMSP"));
        byte[] salt = new byte[ModelSpecCommitments.SALT_BYTES];
        new SecureRandom().nextBytes(salt);
        String spec = Files.readString(
                Dashboard.home().resolve("ccr-agent/examples/covid-model-spec.json"), StandardCharsets.UTF_8);
        String commitment = ModelSpecCommitments.commit(salt, spec);
        List<DatasetClauseRequest> clauses = new ArrayList<>();
        for (String[] c : CLAUSES) {
            clauses.add(new DatasetClauseRequest(
                    c[0],
                    c[1],
                    new PrivacyConstraints(
                            new BigDecimal("1.5"),
                            new BigDecimal("0.01"),
                            new BigDecimal("1.0"),
                            new BigDecimal("2.0"),
                            30),
                    300_000L));
        }
        Instant now = Instant.now();
        ContractRecord active = onboarding.activeContract(
                tdc,
                new ContractProposal(
                                CONTRACT,
                                Scenario.TDC,
                                Scenario.CCR,
                                "TRAINING",
                                now.minus(Duration.ofMinutes(1)).toString(),
                                now.plus(Duration.ofDays(90)).toString(),
                                clauses,
                                List.of(GenuineSnpFixtures.MILAN_MEASUREMENT),
                                new PaymentTerms("INR", 2000),
                                new RevocationTerms(List.of(Role.TDP, Role.TDC)))
                        .withModelSpecCommitment(commitment),
                signers);
        if (!"ACTIVE".equals(String.valueOf(active.status()))) {
            throw new IOException("the live contract is " + active.status() + ", not ACTIVE");
        }
        tdc.ledger()
                .submit(Jobs.REGISTER_OUTPUT_KEY, new RegisterOutputKeyRequest(OUTPUT_KEY, Scenario.TDC, outputKey()));
        Path bundle = s.dir.resolve("tdc/live-spec-bundle.json");
        tdc.ledger()
                .submit(
                        Jobs.SUBMIT,
                        new SubmitJobRequest(
                                JOB,
                                Scenario.TDC,
                                List.of(CONTRACT),
                                commitment,
                                bundle.toUri().toString(),
                                OUTPUT_KEY));
        return new LiveJob(s.connect(gateway, Scenario.CCR, "ConsumerMSP"), outputs);
    }

    /** The CCR provider's next step for the job, as its operator would take it. */
    TrainingJob advance(JobStatus to) {
        return switch (to) {
            case SCHEDULED -> ccr.submit(Jobs.SCHEDULE, new JobActionRequest(JOB, Scenario.CCR, null));
            case RUNNING -> ccr.submit(Jobs.START, new JobActionRequest(JOB, Scenario.CCR, null));
            case FAILED -> ccr.submit(
                    Jobs.FAIL, new JobActionRequest(JOB, Scenario.CCR, "stopped by the dashboard test"));
            default -> throw new IllegalArgumentException("the test does not move a job to " + to);
        };
    }

    TrainingJob current() {
        return ccr.evaluate(Jobs.GET, JOB);
    }

    private static Member member(Scenario s, URI gateway, String id, Role role, String msp) {
        ClientIdentity identity = ScenarioConnections.identity(s.keyStore(id));
        return new Member(id, role, msp, id, identity.certificatePem(), identity.signer(), s.connect(gateway, id, msp));
    }

    /** A fresh EC P-384 public key, SubjectPublicKeyInfo PEM, as the TDC registers its output key. */
    private static String outputKey() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            byte[] spki = g.generateKeyPair().getPublic().getEncoded();
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(spki)
                    + "\n-----END PUBLIC KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
