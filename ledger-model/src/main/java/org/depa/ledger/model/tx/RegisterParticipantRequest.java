package org.depa.ledger.model.tx;

import com.fasterxml.jackson.annotation.JsonCreator;
import org.depa.ledger.model.domain.Role;

/**
 * participants:register, submitted by a client of the participant's own organisation: the
 * participant itself, or its organisation's admin naming the participant's own client certificate.
 *
 * @param certificatePem the participant's long-term signing certificate (contracts, the agreement)
 * @param clientCertificatePem the client (enrolment) certificate that will act for the participant
 *     on the ledger; absent, the submitter's own client certificate is bound
 */
public record RegisterParticipantRequest(
        String id, Role role, String mspId, String name, String certificatePem, String clientCertificatePem) {
    @JsonCreator
    public RegisterParticipantRequest {}

    /** A participant registering itself: its submitting client is the one bound. */
    public RegisterParticipantRequest(String id, Role role, String mspId, String name, String certificatePem) {
        this(id, role, mspId, name, certificatePem, null);
    }
}
