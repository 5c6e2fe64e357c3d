package org.depa.kms.bridge;

import com.nimbusds.jose.jwk.JWK;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.Verdict;
import org.depa.attestation.VerificationPolicy;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.kms.custody.KeyCustodyException;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.ChallengeRequest;
import org.depa.kms.protocol.RefusalCode;
import org.depa.kms.protocol.ReleaseClaims;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.kms.protocol.ReleaseResponse;
import org.depa.kms.protocol.ReportDataBinding;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.KeyReleaseRequest;

/**
 * The release decision, in order: nonce (consumed first, so a refused request still spends it; issued only for a
 * STARTED run, within the run's and the caller's quotas), request shape, ledger facts (run started, the run key's
 * signature over the request, dataset ours, contract's certified measurements), custody (the key is there and can be
 * sealed), the SEV-SNP verdict with REPORT_DATA equal to the binding, the chip and TCB of the run's start
 * ({@link RunBindingCheck}), the seal, then runs:recordKeyRelease submitted and committed, and only then is
 * the sealed key handed over. A key the store cannot seal is refused before anything is recorded, so no retry
 * records a release that was never delivered.
 */
public final class KeyReleaseService {
    private final ReleaseGate gate;
    private final String tdpId;
    private final boolean developmentRoot;
    private final RefusalAudit refusals;
    private final SpecKeyReleaseService specKeys;

    /** What the verifier would check, timed apart by the benchmark. */
    record Checked(
            String runId,
            String datasetId,
            String keyId,
            JWK recipient,
            byte[] report,
            List<X509Certificate> chain,
            VerificationPolicy policy,
            TrainingRun run,
            String runKeySignature) {}

    public KeyReleaseService(
            LedgerClient ledger,
            String tdpId,
            SnpVerifier verifier,
            VerificationPolicy basePolicy,
            NonceStore nonces,
            DatasetKeyStore keys,
            boolean developmentRoot) {
        this(ledger, tdpId, verifier, basePolicy, nonces, keys, developmentRoot, Clock.systemUTC(), 20);
    }

    /**
     * As above, with the audit log's refusal rate: at most {@code refusalLinesPerMinute} refusal lines a minute by
     * {@code auditClock}, the rest counted and summarised.
     */
    public KeyReleaseService(
            LedgerClient ledger,
            String tdpId,
            SnpVerifier verifier,
            VerificationPolicy basePolicy,
            NonceStore nonces,
            DatasetKeyStore keys,
            boolean developmentRoot,
            Clock auditClock,
            int refusalLinesPerMinute) {
        this.refusals = new RefusalAudit(auditClock, java.time.Duration.ofMinutes(1), refusalLinesPerMinute);
        this.gate = new ReleaseGate(
                new TypedLedger(Objects.requireNonNull(ledger, "ledger")), verifier, basePolicy, nonces, keys);
        this.tdpId = Fields.id("tdpId", tdpId);
        this.developmentRoot = developmentRoot;
        this.specKeys = new SpecKeyReleaseService(gate, this.tdpId, developmentRoot, refusals);
    }

    /**
     * The same bridge's release of sealed model-spec keys: the party this bridge acts for as a TDC, over the same
     * nonces, key store and audit log. A TDP's bridge serves it too, and refuses every request (the job is not its).
     */
    public SpecKeyReleaseService specKeys() {
        return specKeys;
    }

    public String tdpId() {
        return tdpId;
    }

    /**
     * A nonce for a release for the request's run, asked for by {@code source} (the caller's address): only while the
     * run is STARTED on the ledger, and within the run's and the source's quotas (see {@link NonceStore}).
     */
    public Challenge challenge(ChallengeRequest request, String source) throws RefusalException {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(source, "source");
        try {
            return gate.challenge(request, source);
        } catch (RefusalException e) {
            audit(request.runId(), null, e);
            throw e;
        }
    }

    /** {@link #challenge(ChallengeRequest, String)} of a body as it came over the wire (strict JSON). */
    public Challenge challengeJson(String body, String source) throws RefusalException {
        ChallengeRequest request;
        try {
            request = Json.read(body, ChallengeRequest.class);
        } catch (LedgerRuleException e) {
            refusals.refused(tdpId, null, null, RefusalCode.MALFORMED_REQUEST.name(), e.getMessage());
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, e.getMessage());
        }
        return challenge(request, source);
    }

    /** Refusals per reason code since the start, written to the audit log or only counted (see RefusalAudit). */
    public java.util.Map<String, Long> refusalCounts() {
        return refusals.totals();
    }

    /** Audits a refusal that is not a release or challenge service call's own (e.g. a front end's 413), rate-limited. */
    public void auditRefusal(RefusalCode code, String detail) {
        refusals.refused(tdpId, null, null, code.name(), detail);
    }

    private void audit(String runId, String datasetId, RefusalException e) {
        refusals.refused(tdpId, runId, datasetId, e);
    }

    public ReleaseResponse release(ReleaseRequest request) throws RefusalException {
        Objects.requireNonNull(request, "request");
        try {
            Checked checked = prepare(request);
            Verdict verdict = verify(checked);
            RunBindingCheck.requireSameChip(checked.run(), verdict);
            String jwe = seal(checked);
            KeyReleaseRecord record = commit(checked, verdict);
            refusals.roll(tdpId);
            Audit.released(
                    tdpId,
                    checked.runId(),
                    checked.datasetId(),
                    checked.keyId(),
                    record.txId(),
                    record.measurement(),
                    record.recipientKeySha256(),
                    developmentRoot);
            return new ReleaseResponse(jwe, record.txId(), record);
        } catch (RefusalException e) {
            audit(request.runId(), request.datasetId(), e);
            throw e;
        }
    }

    /**
     * {@link #release(ReleaseRequest)} of a request body as it came over the wire, read with the ledger's strict JSON.
     * Both HTTP front ends (the Quarkus resource and {@link LoopbackBridge}) call this, so a body they cannot read is
     * refused and audited alike.
     */
    public ReleaseResponse releaseJson(String body) throws RefusalException {
        ReleaseRequest request;
        try {
            request = Json.read(body, ReleaseRequest.class);
        } catch (LedgerRuleException e) {
            refusals.refused(tdpId, null, null, RefusalCode.MALFORMED_REQUEST.name(), e.getMessage());
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, e.getMessage());
        }
        return release(request);
    }

    /** Nonce, request fields, ledger facts and custody: everything before the verifier. */
    Checked prepare(ReleaseRequest request) throws RefusalException {
        ReleaseGate.Evidence e = gate.evidence(
                request.runId(),
                request.nonce(),
                request.reportBase64(),
                request.recipientJwk(),
                request.certificateChainPem());
        String datasetId;
        try {
            datasetId = Fields.id("datasetId", request.datasetId());
        } catch (LedgerRuleException ex) {
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, ex.getMessage());
        }
        TrainingRun run = gate.startedRun(e.runId());
        RunBindingCheck.requireRunKey(run, request, e.report(), e.recipient());
        Dataset dataset = gate.read(Datasets.GET, datasetId);
        if (!dataset.ownerId().equals(tdpId)) {
            throw RefusalException.ledger(
                    RefusalCode.NOT_RELEASABLE,
                    ErrorCode.NOT_A_PARTY.name(),
                    "dataset '" + datasetId + "' is not held by this bridge's TDP");
        }
        ContractRecord contract = gate.read(Contracts.GET, run.contractId());
        gate.requireSealable(dataset.keyId(), "dataset '" + datasetId + "'");
        return new Checked(
                e.runId(),
                datasetId,
                dataset.keyId(),
                e.recipient(),
                e.report(),
                e.chain(),
                gate.policy(contract, e),
                run,
                request.runKeySignature());
    }

    Verdict verify(Checked c) throws RefusalException {
        return gate.verify(c.report(), c.chain(), c.policy());
    }

    KeyReleaseRecord commit(Checked c, Verdict verdict) throws RefusalException {
        KeyReleaseRequest tx = new KeyReleaseRequest(
                c.runId(),
                c.datasetId(),
                tdpId,
                verdict.measurementHex(),
                Hashes.sha256Hex(c.report()),
                ReportDataBinding.recipientKeySha256(c.recipient()),
                verdict.chipIdHex(),
                verdict.reportedTcbHex(),
                c.runKeySignature());
        return gate.submit(Runs.RECORD_KEY_RELEASE, tx);
    }

    /** Seals before the commit: a key that cannot be sealed is refused with nothing recorded. */
    String seal(Checked c) throws RefusalException {
        try {
            return gate.keys().seal(c.keyId(), c.recipient(), new ReleaseClaims(c.datasetId(), c.runId(), c.keyId()));
        } catch (KeyCustodyException e) {
            throw RefusalException.of(
                    RefusalCode.KEY_UNUSABLE,
                    "the key of dataset '" + c.datasetId() + "' could not be sealed; nothing was recorded");
        }
    }
}
