package org.depa.kms.protocol;

import java.util.List;
import java.util.Objects;

/**
 * An RFC 9457 problem document (application/problem+json) with the bridge's reason code.
 *
 * @param type a URN naming the reason, {@code urn:depa:kms:<reasonCode>}
 * @param title short, stable text for the reason
 * @param status the HTTP status
 * @param detail what was wrong with this request; never secret material
 * @param reasonCode the machine-readable reason
 * @param attestationReasons the verifier's reason codes when reasonCode is ATTESTATION_REFUSED, else empty
 * @param ledgerCode the ledger's error code when reasonCode is LEDGER_REFUSED or NOT_RELEASABLE, else null
 */
public record Problem(
        String type,
        String title,
        int status,
        String detail,
        RefusalCode reasonCode,
        List<String> attestationReasons,
        String ledgerCode) {

    public Problem {
        Objects.requireNonNull(reasonCode, "reasonCode");
        attestationReasons = attestationReasons == null ? List.of() : List.copyOf(attestationReasons);
    }

    public static Problem of(int status, RefusalCode code, String detail) {
        return new Problem(typeOf(code), code.name(), status, detail, code, List.of(), null);
    }

    public Problem withAttestationReasons(List<String> reasons) {
        return new Problem(type, title, status, detail, reasonCode, reasons, ledgerCode);
    }

    public Problem withLedgerCode(String code) {
        return new Problem(type, title, status, detail, reasonCode, attestationReasons, code);
    }

    static String typeOf(RefusalCode code) {
        return "urn:depa:kms:" + code.name();
    }
}
