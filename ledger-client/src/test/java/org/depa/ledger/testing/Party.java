package org.depa.ledger.testing;

import java.util.Base64;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.domain.Role;
import org.depa.testkit.onboarding.Member;

/** A participant in a test world: its identity, its signing key and a client of its organisation. */
public record Party(
        String id, Role role, String mspId, Credentials credentials, LocalSigner signer, LedgerClient client) {

    public TypedLedger ledger() {
        return new TypedLedger(client);
    }

    /** The participant as the onboarding fixture takes it, registered as "{@code id} Ltd". */
    public Member member() {
        return new Member(id, role, mspId, id + " Ltd", credentials.certificatePem(), signer, ledger());
    }

    public String signBase64(byte[] payload) {
        return Base64.getEncoder().encodeToString(signer.sign(payload));
    }
}
