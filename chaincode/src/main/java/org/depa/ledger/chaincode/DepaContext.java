package org.depa.ledger.chaincode;

import java.time.Instant;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The per-transaction context: typed state, the caller's organisation, and the transaction's own
 * timestamp, which is the only clock the chaincode reads.
 */
public final class DepaContext extends Context {
    private final LedgerState state;
    private final ChaincodeSettings settings;
    private final Instant now;
    private final EventSink events;
    private final Governing.Cache governance = new Governing.Cache();
    private String callerClientKey;

    DepaContext(ChaincodeStub stub, ChaincodeSettings settings) {
        super(stub);
        this.settings = settings;
        this.state = new LedgerState(stub);
        // Millisecond precision: the same on every peer (it is the proposal's timestamp) and readable.
        this.now = stub.getTxTimestamp().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        this.events = new EventSink(stub, now);
    }

    public LedgerState state() {
        return state;
    }

    public ChaincodeSettings settings() {
        return settings;
    }

    /** The transaction timestamp: identical on every endorsing peer. */
    public Instant now() {
        return now;
    }

    public String nowText() {
        return now.toString();
    }

    public String txId() {
        return getStub().getTxId();
    }

    public String callerMsp() {
        return getClientIdentity().getMSPID();
    }

    /** The SRO's MSP id, as the ledger's governance record holds it. */
    public String sroMspId() {
        return Governing.sroMspId(this);
    }

    /** SHA-256 hex of the submitter's client certificate's public key (SubjectPublicKeyInfo). */
    public String callerClientKeySha256() {
        if (callerClientKey == null) {
            callerClientKey = ClientKeys.sha256(getClientIdentity().getX509Certificate());
        }
        return callerClientKey;
    }

    Governing.Cache governanceCache() {
        return governance;
    }

    public SigningPayloads.Domain signingDomain() {
        return new SigningPayloads.Domain(getStub().getChannelId(), settings.chaincodeName());
    }

    public EventSink events() {
        return events;
    }
}
