package org.depa.audit.embedded;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SpecKeyReleaseRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.testkit.KeyType;
import org.depa.testkit.SelfSigned;

/** The honest ledger's training job: c3 committing to a spec, job-1 RUNNING, run-3 started, the spec key released. */
final class SpecRelease {
    static final String JOB = "job-1";
    static final String RUN = "run-3";
    static final String COMMITMENT = ModelSpecCommitments.commit(
            Hashes.sha256("honest-salt".getBytes(StandardCharsets.UTF_8)), "{\"epochs\":5}");

    private SpecRelease() {}

    static void write(Scenario s) {
        s.propose(s.proposal("c3", "1", Scenario.ICMR_DATA).withModelSpecCommitment(COMMITMENT));
        s.signAll("c3");
        s.w.activate(s.tdc, "c3");
        s.tdc.ledger()
                .submit(
                        Jobs.REGISTER_OUTPUT_KEY,
                        new RegisterOutputKeyRequest("tdc-out", "tdc", SelfSigned.publicKeyPem(KeyType.EC_P256)));
        s.tdc.ledger()
                .submit(Jobs.SUBMIT, new SubmitJobRequest(JOB, "tdc", List.of("c3"), COMMITMENT, "file:/s", "tdc-out"));
        s.ccr.ledger().submit(Jobs.SCHEDULE, new JobActionRequest(JOB, "ccr", null));
        s.ccr.ledger().submit(Jobs.START, new JobActionRequest(JOB, "ccr", null));
        s.ccr.ledger()
                .submit(
                        Runs.START,
                        World.startRequest(s.ccr, RUN, "c3", s.runKey(RUN), World.CHIP_ID, World.REPORTED_TCB)
                                .forJob(JOB));
        String report = Hashes.sha256Hex("spec-report");
        String recipient = Hashes.sha256Hex("spec-recipient");
        byte[] sig = LocalSigner.fromPem(s.runKey(RUN).privateKeyPem())
                .sign(SigningPayloads.specKeyRelease(RUN, JOB, report, recipient));
        s.tdc.ledger()
                .submit(
                        Runs.RECORD_SPEC_KEY_RELEASE,
                        new SpecKeyReleaseRequest(
                                RUN,
                                JOB,
                                "tdc",
                                COMMITMENT,
                                World.MEASUREMENT,
                                report,
                                recipient,
                                World.CHIP_ID,
                                World.REPORTED_TCB,
                                Base64.getEncoder().encodeToString(sig)));
    }
}
