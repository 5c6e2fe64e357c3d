package org.depa.testkit.onboarding;

import java.util.Base64;
import java.util.Objects;
import org.depa.ledger.model.catalogue.TypedCalls;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.RegisterParticipantRequest;

/**
 * One participant as onboarding and contract signing need it: what its registry entry says, the key
 * it signs with (held by the caller, never sent), and its calls to the ledger from its own
 * organisation.
 *
 * @param name the registry's display name
 * @param certificatePem the certificate the registry holds; the chaincode verifies signatures with it
 */
public record Member(
        String id, Role role, String mspId, String name, String certificatePem, LocalSigner signer, TypedCalls ledger) {
    public Member {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(mspId, "mspId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(certificatePem, "certificatePem");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(ledger, "ledger");
    }

    /** A member whose key and certificate are {@code credentials}. */
    public static Member of(
            String id, Role role, String mspId, String name, Credentials credentials, TypedCalls ledger) {
        return new Member(
                id,
                role,
                mspId,
                name,
                credentials.certificatePem(),
                LocalSigner.fromPem(credentials.privateKeyPem()),
                ledger);
    }

    /** The same participant calling through another connection of its organisation (one per thread, say). */
    public Member via(TypedCalls other) {
        return new Member(id, role, mspId, name, certificatePem, signer, other);
    }

    /** The request that registers this member. */
    public RegisterParticipantRequest registration() {
        return new RegisterParticipantRequest(id, role, mspId, name, certificatePem);
    }

    /** {@code payload} signed with this member's key, Base64 as the transactions carry it. */
    public String sign(byte[] payload) {
        return Base64.getEncoder().encodeToString(signer.sign(payload));
    }
}
