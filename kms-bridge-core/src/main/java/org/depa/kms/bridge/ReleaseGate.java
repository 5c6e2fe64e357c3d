package org.depa.kms.bridge;

import com.nimbusds.jose.jwk.JWK;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
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
import org.depa.kms.protocol.ReportDataBinding;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.catalogue.Tx;
import org.depa.ledger.model.domain.CertifiedMeasurement;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.MeasurementStatus;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * The release protocol a bridge runs whatever it releases (a TDP's dataset key, {@link KeyReleaseService}, or a
 * TDC's sealed-spec key, {@link SpecKeyReleaseService}): the challenge and its single-use nonce, the evidence read
 * from the request, the run STARTED on the ledger, the contract's still-certified measurements, custody (the key is
 * held and can be sealed), the SEV-SNP verdict with REPORT_DATA bound to the nonce, recipient key and run, and the
 * ledger's refusals as problem documents. What is released, and the ledger record, are the services' own.
 */
final class ReleaseGate {
    /** The evidence of a request, read: ids checked, report and nonce decoded, recipient key and chain parsed. */
    record Evidence(String runId, byte[] report, byte[] nonce, JWK recipient, List<X509Certificate> chain) {}

    private final TypedLedger ledger;
    private final SnpVerifier verifier;
    private final VerificationPolicy basePolicy;
    private final NonceStore nonces;
    private final DatasetKeyStore keys;

    ReleaseGate(
            TypedLedger ledger,
            SnpVerifier verifier,
            VerificationPolicy basePolicy,
            NonceStore nonces,
            DatasetKeyStore keys) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.verifier = Objects.requireNonNull(verifier, "verifier");
        this.basePolicy = Objects.requireNonNull(basePolicy, "basePolicy");
        this.nonces = Objects.requireNonNull(nonces, "nonces");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    TypedLedger ledger() {
        return ledger;
    }

    DatasetKeyStore keys() {
        return keys;
    }

    /** A nonce for the request's run, asked for by {@code source}: only while the run is STARTED, within quotas. */
    Challenge challenge(ChallengeRequest request, String source) throws RefusalException {
        String runId;
        try {
            runId = Fields.id("runId", request.runId());
        } catch (LedgerRuleException e) {
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, e.getMessage());
        }
        startedRun(runId);
        try {
            return nonces.issue(runId, source);
        } catch (NonceStore.CapacityExceededException e) {
            throw RefusalException.of(RefusalCode.CHALLENGE_CAPACITY, e.getMessage() + "; retry later");
        }
    }

    /** Consumes the nonce first (a refused request spends it too), then reads the request's evidence. */
    Evidence evidence(
            String runIdField,
            String nonceText,
            String reportBase64,
            Map<String, Object> recipientJwk,
            String certificateChainPem)
            throws RefusalException {
        switch (nonces.consume(nonceText, runIdField)) {
            case ACCEPTED -> {}
            case UNKNOWN -> throw RefusalException.of(
                    RefusalCode.NONCE_UNKNOWN, "the nonce was not issued here for this run");
            case REPLAYED -> throw RefusalException.of(RefusalCode.NONCE_REPLAYED, "the nonce was already used");
            case EXPIRED -> throw RefusalException.of(RefusalCode.NONCE_EXPIRED, "the nonce expired");
        }
        String runId;
        byte[] report;
        byte[] nonce;
        try {
            runId = Fields.id("runId", runIdField);
            report = Base64.getDecoder().decode(reportBase64);
            nonce = Base64.getUrlDecoder().decode(nonceText);
        } catch (LedgerRuleException | IllegalArgumentException e) {
            throw RefusalException.of(RefusalCode.MALFORMED_REQUEST, e.getMessage());
        }
        JWK recipient;
        try {
            recipient = RecipientKeys.parsePublic(recipientJwk);
        } catch (IllegalArgumentException e) {
            throw RefusalException.of(RefusalCode.UNSUPPORTED_RECIPIENT_KEY, e.getMessage());
        }
        List<X509Certificate> chain;
        try {
            chain = CertificateLoader.parse(certificateChainPem.getBytes(StandardCharsets.US_ASCII));
        } catch (CertificateException | RuntimeException e) {
            throw RefusalException.attestation(
                    RefusalCode.ATTESTATION_REFUSED,
                    "certificate chain unreadable: " + e.getMessage(),
                    List.of(ReasonCode.MALFORMED_CERTIFICATE.name()));
        }
        return new Evidence(runId, report, nonce, recipient, chain);
    }

    /** The verifier's policy for this release: the contract's still-certified measurements, REPORT_DATA bound. */
    VerificationPolicy policy(ContractRecord contract, Evidence e) throws RefusalException {
        List<String> allowed = new ArrayList<>();
        for (String m : contract.terms().allowedMeasurements()) {
            if (certified(m)) {
                allowed.add(m);
            }
        }
        return basePolicy
                .withAllowedMeasurementsHex(allowed)
                .withExpectedReportData(ReportDataBinding.reportData(e.nonce(), e.recipient(), e.runId()));
    }

    /** Refuses a key this bridge does not hold, or holds but could not seal; {@code what} names it for people. */
    void requireSealable(String keyId, String what) throws RefusalException {
        boolean held;
        try {
            held = keys.contains(keyId);
        } catch (KeyCustodyException e) {
            throw RefusalException.of(RefusalCode.INTERNAL, "key store unavailable");
        }
        if (!held) {
            throw RefusalException.of(RefusalCode.KEY_UNAVAILABLE, "this bridge holds no key for " + what);
        }
        try {
            keys.checkSealable(keyId);
        } catch (KeyCustodyException e) {
            throw RefusalException.of(
                    RefusalCode.KEY_UNUSABLE, "the key of " + what + " cannot be sealed: " + e.getMessage());
        }
    }

    Verdict verify(byte[] report, List<X509Certificate> chain, VerificationPolicy policy) throws RefusalException {
        Verdict verdict = verifier.verify(report, chain, policy);
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

    /** Submits the release's record; a refusal names the chaincode's code, an unreachable ledger is 503. */
    <Q, R> R submit(Tx<Q, R> tx, Q request) throws RefusalException {
        try {
            return ledger.submit(tx, request);
        } catch (LedgerException e) {
            if (e.stage() == LedgerException.Stage.UNAVAILABLE) {
                throw RefusalException.of(RefusalCode.LEDGER_UNAVAILABLE, "the ledger is unavailable");
            }
            throw RefusalException.ledger(RefusalCode.LEDGER_REFUSED, e.code().name(), e.getMessage());
        }
    }

    TrainingRun startedRun(String runId) throws RefusalException {
        TrainingRun run = read(Runs.GET, runId);
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

    <R> R read(Tx<String, R> lookup, String id) throws RefusalException {
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
}
