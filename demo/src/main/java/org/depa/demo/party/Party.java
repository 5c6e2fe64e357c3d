package org.depa.demo.party;

import java.util.Objects;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.domain.Role;
import org.depa.testkit.onboarding.Member;

/**
 * One party of the scenario: who it is, its key (generated for it, kept in this process) and its
 * connection to the ledger. The party acts through the connection, and so do the services that act
 * for it: a TDP's kms-bridge records its key releases there, the clean-room agent the CCR provider's
 * run and receipt.
 */
public final class Party {
    private final Member member;
    private final Credentials credentials;
    private final LedgerClient connection;

    /**
     * @param connection the party's connection; how it reaches the ledger is the consortium's business
     */
    public Party(String id, Role role, String mspId, String name, Credentials credentials, LedgerClient connection) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.connection = Objects.requireNonNull(connection, "connection");
        this.member = Member.of(id, role, mspId, name, credentials, new TypedLedger(connection));
    }

    public String id() {
        return member.id();
    }

    public Role role() {
        return member.role();
    }

    public String mspId() {
        return member.mspId();
    }

    public SignatureAlgorithm algorithm() {
        return member.signer().algorithm();
    }

    /** The party as the onboarding sees it. */
    public Member member() {
        return member;
    }

    /** Typed calls as this party. */
    public TypedLedger ledger() {
        return new TypedLedger(connection);
    }

    /** The raw connection, for services that take one (a TDP's key-release service). */
    public LedgerClient connection() {
        return connection;
    }

    /** The private key, PEM: the TDC opens what the clean room sealed to its certificate with it. */
    public String privateKeyPem() {
        return credentials.privateKeyPem();
    }
}
