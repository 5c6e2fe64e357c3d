package org.depa.demo.deployment;

import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.domain.Role;

/**
 * One participant of the consortium a deployment provisions: its base id (the deployment's tag is
 * appended), its role, its organisation and the algorithm it signs with. Each gets its own TLS
 * client certificate from its organisation's CA and its own Fabric enrolment.
 */
public record Seat(String baseId, Role role, String mspId, SignatureAlgorithm algorithm) {
    /** The participant's ledger id in a deployment tagged {@code tag}. */
    public String id(String tag) {
        return baseId + "-" + tag;
    }

    /**
     * Whether the deployment runs a kms-bridge of the participant's own: a TDP's holds its dataset keys, a
     * TDC's the key of its sealed model spec; each releases only to an attested run and records the release.
     */
    public boolean hasBridge() {
        return role == Role.TDP || role == Role.TDC;
    }
}
