package org.depa.ledger.chaincode;

import java.time.Instant;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.hyperledger.fabric.contract.Context;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * The per-transaction context: typed state, the caller's organisation, and the transaction's own
 * timestamp, which is the only clock the chaincode reads.
 *
 * <p>Made by {@link #of}, as a copy of one shell context, not by a constructor: Fabric's {@code
 * Context} constructor parses a creator certificate for every context it makes, and the caller's
 * identity is read once per client instead ({@link CallerIdentities}). Every field is set by
 * {@link #of} before the context reaches a transaction, and none changes afterwards except the
 * lazily formatted time; nothing is shared between two transactions' contexts but the shell's
 * placeholder values, which {@link #of} replaces.
 */
public final class DepaContext extends Context implements Cloneable {
    /** Never given to a transaction: each transaction's context starts as a copy of it. */
    private static final DepaContext SHELL = new DepaContext();

    private LedgerState state;
    private ChaincodeSettings settings;
    private Instant now;
    private String nowText;
    private EventSink events;
    private Governing.Cache governance;
    private CallerIdentities.Caller caller;

    private DepaContext() {
        // Context's constructor must parse some creator: the placeholder, once, for the shell.
        super(CallerIdentities.PLACEHOLDER_STUB);
    }

    /** The context of the transaction {@code stub} carries. */
    static DepaContext of(ChaincodeStub stub, ChaincodeSettings settings) {
        DepaContext ctx = SHELL.copy();
        ctx.caller = CallerIdentities.of(stub);
        ctx.stub = stub;
        ctx.clientIdentity = ctx.caller.identity();
        ctx.settings = settings;
        ctx.state = new LedgerState(stub);
        // Millisecond precision: the same on every peer (it is the proposal's timestamp) and readable.
        ctx.now = stub.getTxTimestamp().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        ctx.nowText = null;
        ctx.events = new EventSink(stub, ctx.now);
        ctx.governance = new Governing.Cache();
        return ctx;
    }

    /** A field-by-field copy of this context; no constructor runs. */
    private DepaContext copy() {
        try {
            return (DepaContext) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("DepaContext is Cloneable", e);
        }
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
