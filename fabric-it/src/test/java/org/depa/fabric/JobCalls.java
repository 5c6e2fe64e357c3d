package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.List;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.catalogue.Tx;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.testkit.KeyType;
import org.depa.testkit.SelfSigned;

/**
 * The training-job transactions of JobTransactionsIT and ContractExpiryIT, each made by the
 * party the chaincode expects through its own enrolment: the TDC's output key (registered when
 * this is made), jobs submitted and moved on, a TDP's key-release record as its bridge commits it,
 * and the refusal check both use. Jobs name an https spec location that is never fetched: these
 * tests judge the ledger's rules, not a clean room.
 */
final class JobCalls {
    private final FabricWorld world;
    /** The TDC's registered output key: every job here names it. */
    final String outKey;

    /** Registers a fresh P-256 output key of {@code tdc}'s under the run's id for {@code outKeyBase}. */
    JobCalls(FabricWorld world, FabricWorld.Party tdc, String outKeyBase) {
        this.world = world;
        this.outKey = world.id(outKeyBase);
        tdc.ledger()
                .submit(
                        Jobs.REGISTER_OUTPUT_KEY,
                        new RegisterOutputKeyRequest(outKey, tdc.id(), SelfSigned.publicKeyPem(KeyType.EC_P256)));
    }

    /** {@code who}'s request for a job over {@code contracts} committing to {@code commitment}. */
    SubmitJobRequest request(FabricWorld.Party who, String jobId, String commitment, String... contracts) {
        return new SubmitJobRequest(
                jobId, who.id(), List.of(contracts), commitment, "https://tdc.example/" + jobId, outKey);
    }

    TrainingJob submit(FabricWorld.Party who, String jobId, String commitment, String... contracts) {
        return who.ledger().submit(Jobs.SUBMIT, request(who, jobId, commitment, contracts));
    }

    /** {@code who} moves the job on with {@code tx} (schedule, start, cancel, fail), {@code reason} may be null. */
    TrainingJob act(FabricWorld.Party who, Tx<JobActionRequest, TrainingJob> tx, String jobId, String reason) {
        return who.ledger().submit(tx, new JobActionRequest(jobId, who.id(), reason));
    }

    TrainingJob job(String jobId) {
        return world.sro().evaluate(Jobs.GET, jobId);
    }

    /** The ids of the jobs listed for {@code contract}. */
    List<String> jobsOf(String contract) {
        return world.sro().evaluate(Jobs.LIST_BY_CONTRACT, contract).stream()
                .map(TrainingJob::jobId)
                .toList();
    }

    /**
     * {@code tdp}'s record of a key release of {@code dataset} to {@code runId}, as its bridge submits
     * it before releasing: signed by the run key, declaring the chip and TCB, a nonce of the run's own.
     */
    void recordKeyRelease(
            FabricWorld.Party tdp, String runId, String dataset, Credentials runKey, String chip, String tcb) {
        String fresh = Hashes.sha256Hex("fresh-" + runId);
        String eph = Hashes.sha256Hex("eph-" + runId);
        byte[] signature = LocalSigner.fromPem(runKey.privateKeyPem())
                .sign(SigningPayloads.keyRelease(runId, dataset, fresh, eph));
        tdp.ledger()
                .submit(
                        Runs.RECORD_KEY_RELEASE,
                        new KeyReleaseRequest(
                                runId,
                                dataset,
                                tdp.id(),
                                FabricWorld.MEASUREMENT,
                                fresh,
                                eph,
                                chip,
                                tcb,
                                Base64.getEncoder().encodeToString(signature)));
    }

    /** {@code call} is refused by the ledger with {@code code}. */
    static void refused(ErrorCode code, Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code())
                .as(e.getMessage())
                .isEqualTo(code));
    }
}
