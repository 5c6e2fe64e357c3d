package org.depa.kms.bridge;

import com.nimbusds.jose.jwk.JWK;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.depa.attestation.CertificateLoader;
import org.depa.attestation.ReasonCode;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.Verdict;
import org.depa.attestation.VerificationPolicy;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.kms.custody.KeyCustodyException;
import org.depa.kms.protocol.Challenge;
import org.depa.kms.protocol.ChallengeRequest;
import org.depa.kms.protocol.RecipientKeys;
import org.depa.kms.protocol.RefusalCode;
import org.depa.kms.protocol.ReleaseClaims;
import org.depa.kms.protocol.ReleaseRequest;
import org.depa.kms.protocol.ReleaseResponse;
import org.depa.kms.protocol.ReportDataBinding;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.catalogue.Tx;
import org.depa.ledger.model.domain.CertifiedMeasurement;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.MeasurementStatus;
import org.depa.ledger.model.domain.RunStatus;
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
    private final TypedLedger ledger;
    private final String tdpId;
    private final SnpVerifier verifier;
    private final VerificationPolicy basePolicy;
    private final NonceStore nonces;
    private final DatasetKeyStore keys;
    private final boolean developmentRoot;
    private final RefusalAudit refusals;

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
        this.ledger = new TypedLedger(Objects.requireNonNull(ledger, "ledger"));
        this.tdpId = Fields.id("tdpId", tdpId);
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.basePolicy = Objects.requireNonNull(basePolicy, "basePolicy");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.developmentRoot = developmentRoot;
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
            String runId;
            try {
                runId = Fields.id("runId", request.runId());
            } catch (LedgerRuleException e) {
                throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, e.getMessage());
            }
            requireStarted(read(Runs.GET, runId));
            try {
                return nonces.issue(runId, source);
            } catch (NonceStore.CapacityExceededException e) {
                throw RefusalException.of(RefusalCode.CHALLENGE_CAPACITY, e.getMessage() + "; retry later");
            }
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
        refusals.refused(
                tdpId,
                runId,
                datasetId,
                e.problem().reasonCode().name()
                        + (e.problem().ledgerCode() == null
                                ? ""
                                : "/" + e.problem().ledgerCode())
                        + (e.problem().attestationReasons().isEmpty()
                                ? ""
                                : "/" + String.join(",", e.problem().attestationReasons())),
                e.problem().detail());
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
        switch (nonces.consume(request.nonce(), request.runId())) {
            case ACCEPTED -> {}
            case UNKNOWN -> throw RefusalException.of(
                    RefusalCode.NONCE_UNKNOWN, "the nonce was not issued here for this run");
            case REPLAYED -> throw RefusalException.of(RefusalCode.NONCE_REPLAYED, "the nonce was already used");
            case EXPIRED -> throw RefusalException.of(RefusalCode.NONCE_EXPIRED, "the nonce expired");
        }
        String runId;
        String datasetId;
        byte[] report;
        byte[] nonce;
        try {
            runId = Fields.id("runId", request.runId());
            datasetId = Fields.id("datasetId", request.datasetId());
            report = Base64.getDecoder().decode(request.reportBase64());
            nonce = Base64.getUrlDecoder().decode(request.nonce());
        } catch (LedgerRuleException | IllegalArgumentException e) {
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, e.getMessage());
        }
        JWK recipient;
        try {
            recipient = RecipientKeys.parsePublic(request.recipientJwk());
        } catch (IllegalArgumentException e) {
            throw RefusalException.of(RefusalCode.UNSUPPORTED_RECIPIENT_KEY, e.getMessage());
        }
        List<X509Certificate> chain;
        try {
            chain = CertificateLoader.parse(request.certificateChainPem().getBytes(StandardCharsets.US_ASCII));
        } catch (CertificateException | RuntimeException e) {
            throw RefusalException.attestation(
                    RefusalCode.ATTESTATION_REFUSED,
                    "certificate chain unreadable: " + e.getMessage(),
                    List.of(ReasonCode.MALFORMED_CERTIFICATE.name()));
        }

        TrainingRun run = requireStarted(read(Runs.GET, runId));
        RunBindingCheck.requireRunKey(run, request, report, recipient);
        Dataset dataset = read(Datasets.GET, datasetId);
        if (!dataset.ownerId().equals(tdpId)) {
            throw RefusalException.ledger(
                    RefusalCode.NOT_RELEASABLE,
                    ErrorCode.NOT_A_PARTY.name(),
                    "dataset '" + datasetId + "' is not held by this bridge's TDP");
        }
        ContractRecord contract = read(Contracts.GET, run.contractId());
        List<String> allowed = new ArrayList<>();
        for (String m : contract.terms().allowedMeasurements()) {
            if (certified(m)) {
                allowed.add(m);
            }
        }
        String keyId = dataset.keyId();
        boolean held;
        try {
            held = keys.contains(keyId);
        } catch (KeyCustodyException e) {
            throw RefusalException.of(RefusalCode.INTERNAL, "key store unavailable");
        }
        if (!held) {
            throw RefusalException.of(
                    RefusalCode.KEY_UNAVAILABLE, "this bridge holds no key for dataset '" + datasetId + "'");
        }
        try {
            keys.checkSealable(keyId);
        } catch (KeyCustodyException e) {
            throw RefusalException.of(
                    RefusalCode.KEY_UNUSABLE,
                    "the key of dataset '" + datasetId + "' cannot be sealed: " + e.getMessage());
        }
        VerificationPolicy policy = basePolicy
                .withAllowedMeasurementsHex(allowed)
                .withExpectedReportData(ReportDataBinding.reportData(nonce, recipient, runId));
        return new Checked(runId, datasetId, keyId, recipient, report, chain, policy, run, request.runKeySignature());
    }

    Verdict verify(Checked c) throws RefusalException {
        Verdict verdict = verifier.verify(c.report(), c.chain(), c.policy());
        if (verdict.accepted()) {
            return verdict;
        }
        List<String> reasons = verdict.reasons().stream().map(Enum::name).toList();
        boolean onlyBinding = verdict.reasons().equals(List.of(ReasonCode.REPORT_DATA_MISMATCH));
        throw RefusalException.attestation(
                onlyBinding ? RefusalCode.REPORT_DATA_MISMATCH : RefusalCode.ATTESTATION_REFUSED,
                onlyBinding
                        ? "REPORT_DATA does not bind this nonce, recipient key and run"
                        : "the attestation report was refused: " + String.join(", ", reasons),
                reasons);
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
        try {
            return ledger.submit(Runs.RECORD_KEY_RELEASE, tx);
        } catch (LedgerException e) {
            if (e.stage() == LedgerException.Stage.UNAVAILABLE) {
                throw RefusalException.of(RefusalCode.LEDGER_UNAVAILABLE, "the ledger is unavailable");
            }
            throw RefusalException.ledger(RefusalCode.LEDGER_REFUSED, e.code().name(), e.getMessage());
        }
    }

    /** Seals before the commit: a key that cannot be sealed is refused with nothing recorded. */
    String seal(Checked c) throws RefusalException {
        try {
            return keys.seal(c.keyId(), c.recipient(), new ReleaseClaims(c.datasetId(), c.runId(), c.keyId()));
        } catch (KeyCustodyException e) {
            throw RefusalException.of(
                    RefusalCode.KEY_UNUSABLE,
                    "the key of dataset '" + c.datasetId() + "' could not be sealed; nothing was recorded");
        }
    }

    private static TrainingRun requireStarted(TrainingRun run) throws RefusalException {
        if (run.status() != RunStatus.STARTED) {
            throw RefusalException.ledger(
                    RefusalCode.NOT_RELEASABLE,
                    ErrorCode.RUN_NOT_ACTIVE.name(),
                    "run '" + run.runId() + "' is " + run.status());
        }
        return run;
    }

    private boolean certified(String measurement) throws RefusalException {
        try {
            CertifiedMeasurement m = ledger.evaluate(Measurements.GET, measurement);
            return m.status() == MeasurementStatus.CERTIFIED;
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return false;
            }
            throw unavailable(e);
        }
    }

    private <R> R read(Tx<String, R> lookup, String id) throws RefusalException {
        try {
            return ledger.evaluate(lookup, id);
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                throw RefusalException.ledger(
                        RefusalCode.NOT_RELEASABLE, e.code().name(), e.getMessage());
            }
            throw unavailable(e);
        }
    }

    private static RefusalException unavailable(LedgerException e) {
        return e.stage() == LedgerException.Stage.UNAVAILABLE
                ? RefusalException.of(RefusalCode.LEDGER_UNAVAILABLE, "the ledger is unavailable")
                : RefusalException.ledger(RefusalCode.NOT_RELEASABLE, e.code().name(), e.getMessage());
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
