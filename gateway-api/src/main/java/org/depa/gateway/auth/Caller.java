package org.depa.gateway.auth;

import java.util.Objects;
import org.depa.ledger.model.domain.Participant;

/**
 * Who is calling, as the client certificate says.
 *
 * @param certificateSha256 SHA-256 hex of the certificate's DER encoding
 * @param certificatePem the certificate, PEM
 * @param participant the registered participant holding this certificate, or null
 * @param sroOperator true for an operator of the SRO organisation (configured by fingerprint)
 */
public record Caller(String certificateSha256, String certificatePem, Participant participant, boolean sroOperator) {
    public Caller {
        Objects.requireNonNull(certificateSha256, "certificateSha256");
        Objects.requireNonNull(certificatePem, "certificatePem");
    }

    public boolean registered() {
        return participant != null;
    }

    /** The participant id; only for registered callers. */
    public String id() {
        if (participant == null) {
            throw new IllegalStateException("the caller is not a registered participant");
        }
        return participant.id();
    }
}
