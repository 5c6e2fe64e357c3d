package org.depa.ledger.chaincode;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.depa.attestation.CertificateLoader;
import org.depa.attestation.ReasonCode;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.SnpVerifier;
import org.depa.attestation.Verdict;
import org.depa.attestation.VerificationPolicy;
import org.depa.attestation.VerifierOptions;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.crypto.RunBinding;
import org.depa.ledger.model.domain.Governance;
import org.depa.ledger.model.domain.RunEvidence;
import org.depa.ledger.model.tx.StartRunRequest;

/**
 * runs:start's evidence, checked on every endorsing peer: the clean room's SEV-SNP report and its
 * certificate chain are verified with the attestation library at the transaction's timestamp (never
 * the wall clock, so every peer reaches the same verdict), against AMD's pinned roots, and against
 * a development root only when both this process's deployment switch and the ledger's governance
 * record trust it. The run then records what the verified report says, not what the request
 * declares: the measurement, the chip, REPORTED_TCB, and the report's SHA-256; REPORT_DATA must
 * bind the run's id, contract and run key ({@link RunBinding}).
 */
final class RunAttestation {
    private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----";

    /** What the verified report established. */
    record Attested(String measurement, String chipId, String reportedTcb, String reportSha256, RunEvidence evidence) {}

    private RunAttestation() {}

    static Attested verify(DepaContext ctx, StartRunRequest r, String runId, String contractId) {
        byte[] report = report(r.report());
        List<X509Certificate> chain = chain(r.certificateChainPem());
        List<byte[]> ders = new ArrayList<>();
        for (X509Certificate c : chain) {
            try {
                ders.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw Fields.invalid("certificateChainPem", "holds a certificate that cannot be encoded");
            }
        }
        VerifierOptions amdOnly = VerifierOptions.defaults().withClock(Clock.fixed(ctx.now(), ZoneOffset.UTC));
        List<String> trusted = trustedDevelopmentRoots(ctx);
        VerificationPolicy policy = VerificationPolicy.defaults(); // debug refused, VMPL 0
        Verdict verdict = SnpVerifier.create(amdOnly).verifyEncoded(report, ders, policy);
        String root = RunEvidence.AMD_ROOT;
        if (!verdict.accepted() && verdict.has(ReasonCode.UNKNOWN_ROOT) && !trusted.isEmpty()) {
            VerifierOptions dev = amdOnly;
            for (X509Certificate c : chain) {
                Optional<SnpProduct> product = developmentRoot(c, trusted);
                if (product.isPresent()) {
                    dev = dev.withDevelopmentRoot(product.get(), c);
                }
            }
            if (dev != amdOnly) {
                verdict = SnpVerifier.create(dev).verifyEncoded(report, ders, policy);
                root = RunEvidence.DEVELOPMENT_ROOT;
            }
        }
        if (!verdict.accepted()) {
            throw new LedgerRuleException(
                    ErrorCode.ATTESTATION_INVALID,
                    "the attestation report does not verify at " + ctx.nowText() + ": " + verdict.reasons() + " ("
                            + String.join("; ", verdict.details()) + ")" + rootHint(verdict, trusted));
        }
        String expected = Fields.toHex(RunBinding.reportData(runId, contractId, r.runPublicKeyPem()));
        if (!expected.equals(verdict.reportDataHex())) {
            throw new LedgerRuleException(
                    ErrorCode.ATTESTATION_MISMATCH,
                    "the report's REPORT_DATA does not bind run '" + runId + "', contract '" + contractId
                            + "' and this runPublicKeyPem: the report was made for another run or key");
        }
        requireDeclared("measurement", r.measurement(), 48, verdict.measurementHex());
        requireDeclared("chipId", r.chipId(), ChipBinding.CHIP_ID_BYTES, verdict.chipIdHex());
        requireDeclared("reportedTcb", r.reportedTcb(), ChipBinding.TCB_BYTES, verdict.reportedTcbHex());
        RunEvidence evidence =
                new RunEvidence(r.report(), r.certificateChainPem(), verdict.product(), verdict.signingKey(), root);
        return new Attested(
                verdict.measurementHex(),
                verdict.chipIdHex(),
                verdict.reportedTcbHex(),
                Hashes.sha256Hex(report),
                evidence);
    }

    /**
     * The development roots this peer trusts: those of its deployment switch that the ledger's
     * governance record also holds. A switch the ledger does not record trusts nothing, and a
     * record this process was not deployed with is not honoured either: both must say so.
     */
    static List<String> trustedDevelopmentRoots(DepaContext ctx) {
        List<String> recorded =
                Governing.find(ctx).map(Governance::developmentRoots).orElse(List.of());
        return ctx.settings().developmentRoots().stream()
                .filter(recorded::contains)
                .toList();
    }

    private static byte[] report(String base64) {
        Fields.required("report", base64);
        if (base64.length() > (StartRunRequest.MAX_REPORT_BYTES + 2) / 3 * 4) {
            throw Fields.invalid(
                    "report",
                    "is longer than a report can be (at most " + StartRunRequest.MAX_REPORT_BYTES + " bytes)");
        }
        return Fields.base64("report", base64, StartRunRequest.MAX_REPORT_BYTES);
    }

    private static List<X509Certificate> chain(String pem) {
        Fields.required("certificateChainPem", pem);
        if (pem.length() > StartRunRequest.MAX_CHAIN_CHARS) {
            throw Fields.invalid(
                    "certificateChainPem", "is longer than " + StartRunRequest.MAX_CHAIN_CHARS + " characters");
        }
        if (!pem.contains(PEM_CERTIFICATE)) {
            throw Fields.invalid("certificateChainPem", "holds no PEM certificate");
        }
        try {
            return CertificateLoader.parse(pem.getBytes(StandardCharsets.US_ASCII));
        } catch (CertificateException | RuntimeException e) {
            throw Fields.invalid("certificateChainPem", "is not a PEM certificate chain: " + e.getMessage());
        }
    }

    /**
     * The product {@code c} is a development root of, if it is a self-signed ARK ("ARK-Milan", as
     * the emulator names its root) that the trusted list pins by its SubjectPublicKeyInfo, or any
     * such ARK under {@code any}.
     */
    private static Optional<SnpProduct> developmentRoot(X509Certificate c, List<String> trusted) {
        if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
            return Optional.empty();
        }
        String pin = Hashes.sha256Hex(c.getPublicKey().getEncoded());
        if (!trusted.contains(pin) && !trusted.contains(ChaincodeSettings.ANY_DEVELOPMENT_ROOT)) {
            return Optional.empty();
        }
        RDN[] cn =
                X500Name.getInstance(c.getSubjectX500Principal().getEncoded()).getRDNs(BCStyle.CN);
        if (cn.length != 1) {
            return Optional.empty();
        }
        String name = IETFUtils.valueToString(cn[0].getFirst().getValue());
        return name.startsWith("ARK-") ? SnpProduct.fromDisplayName(name.substring(4)) : Optional.empty();
    }

    private static String rootHint(Verdict verdict, List<String> trusted) {
        if (!verdict.has(ReasonCode.UNKNOWN_ROOT)) {
            return "";
        }
        return trusted.isEmpty()
                ? "; this ledger trusts AMD's roots only"
                : "; this ledger trusts AMD's roots and the development roots " + trusted;
    }

    private static void requireDeclared(String field, String declared, int bytes, String verified) {
        if (declared == null) {
            return;
        }
        String value = Fields.hex(field, declared, bytes);
        if (!value.equals(verified)) {
            throw new LedgerRuleException(
                    ErrorCode.ATTESTATION_MISMATCH,
                    field + " " + value + " differs from the verified report's " + verified);
        }
    }
}
