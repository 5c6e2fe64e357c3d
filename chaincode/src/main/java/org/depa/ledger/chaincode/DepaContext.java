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
    private String nowText;
    private final EventSink events;
    private final Governing.Cache governance = new Governing.Cache();
    private final CallerIdentities.Caller caller;

    DepaContext(ChaincodeStub stub, ChaincodeSettings settings) {
        // Context's constructor parses the creator's certificate; it is given a placeholder it finds
        // parsed, and the real stub and the caller's identity, read once per client, take its place.
        super(CallerIdentities.PLACEHOLDER_STUB);
        this.caller = CallerIdentities.of(stub);
        this.stub = stub;
        this.clientIdentity = caller.identity();
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
        // Formatted once: a transaction writes its time into several records.
        if (nowText == null) {
            nowText = now.toString();
        }
        return nowText;
    }

    public String txId() {
        return getStub().getTxId();
    }

    public String callerMsp() {
        return caller.identity().getMSPID();
    }

    /** The SRO's MSP id, as the ledger's governance record holds it. */
    public String sroMspId() {
        return Governing.sroMspId(this);
    }

    /** SHA-256 hex of the submitter's client certificate's public key (SubjectPublicKeyInfo). */
    public String callerClientKeySha256() {
        return caller.clientKeySha256();
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
