package org.depa.ledger.client.embedded;

import com.google.protobuf.ByteString;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.depa.ledger.chaincode.ChaincodeSettings;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;
import org.hyperledger.fabric.protos.peer.ChaincodeEvent;
import org.hyperledger.fabric.shim.Chaincode.Response;

/**
 * The contract ledger in-process: the real chaincode, dispatched by its own TransactionRouter over a
 * versioned key-value state with Fabric's commit rules (MVCC read checks, phantom checks on range
 * reads, history, one event per transaction, creator identity from an X.509 certificate). It
 * persists to an append-only, hash-chained log whose blocks and head the node key signs, in a
 * directory it locks, so a restart keeps the ledger and an edited file is refused.
 *
 * <p>It is the quick start and the fast test bed, not a Fabric replacement: it has one "peer",
 * no endorsement policy and no ordering service. The Fabric network tests cover those.
 */
public final class EmbeddedLedger implements AutoCloseable {
    private final String channel;
    private final Clock clock;
    private final Supplier<byte[]> nonces;
    private final ChaincodeSettings settings;
    private final WorldState state = new WorldState();
    /** One commit at a time; simulations read the state at their height ({@link WorldState#at}), no lock. */
    private final ReentrantLock commitLock = new ReentrantLock();

    private final Set<String> committedTxIds = new HashSet<>();
    private final List<LedgerEventRecord> events = new ArrayList<>();
    private final ReentrantLock eventLock = new ReentrantLock();
    private final Condition newEvent = eventLock.newCondition();
    private final TransactionLog log;
    /** The last committed block; written last in each commit, after the state, so readers see it whole. */
    private volatile long height;

    private volatile boolean closed;

    private EmbeddedLedger(Builder b) {
        this.channel = b.channel;
        this.clock = b.clock;
        this.nonces = b.nonces;
        this.settings = new ChaincodeSettings(b.sroMspId, b.chaincodeName, b.members, b.developmentRoots);
        this.log = b.directory == null
                ? null
                : TransactionLog.open(b.directory, b.sync, b.nodeKey, b.trustedNodeKey, this::replay);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A client that submits as {@code identity}. */
    public LedgerClient connect(LedgerIdentity identity) {
        requireOpen();
        return new EmbeddedClient(this, Objects.requireNonNull(identity, "identity"), false);
    }

    /** A client that submits as {@code identity} and closes this ledger (releasing its directory) when closed. */
    public LedgerClient connectOwning(LedgerIdentity identity) {
        requireOpen();
        return new EmbeddedClient(this, Objects.requireNonNull(identity, "identity"), true);
    }

    /** Number of committed blocks (one transaction each). */
    public long height() {
        return height;
    }

    public String channel() {
        return channel;
    }

    /** The public key that signs this ledger's blocks, or null for a ledger in memory only. */
    public java.security.PublicKey nodePublicKey() {
        return log == null ? null : log.nodeKey().publicKey();
    }

    /** Simulates a transaction against the committed state; nothing is written. */
    Simulation simulate(LedgerIdentity identity, String function, String[] args) {
        return simulate(identity, function, args, null);
    }

    /** As endorsed by {@code endorsingOrgs}' peers (null: those discovery would choose); one simulation stands for all. */
    Simulation simulate(LedgerIdentity identity, String function, String[] args, Set<String> endorsingOrgs) {
        requireOpen();
        byte[] creator = SerializedIdentity.newBuilder()
                .setMspid(identity.mspId())
                .setIdBytes(ByteString.copyFromUtf8(identity.certificatePem()))
                .build()
                .toByteArray();
        byte[] nonce = nonces.get();
        byte[] idInput = new byte[nonce.length + creator.length];
        System.arraycopy(nonce, 0, idInput, 0, nonce.length);
        System.arraycopy(creator, 0, idInput, nonce.length, creator.length);
        String txId = Hashes.sha256Hex(idInput);
        Instant timestamp = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        List<byte[]> argv = new ArrayList<>(args.length + 1);
        argv.add(function.getBytes(StandardCharsets.UTF_8));
        for (String a : args) {
            argv.add(Objects.requireNonNull(a, "argument").getBytes(StandardCharsets.UTF_8));
        }
        SimulationStub stub = new SimulationStub(state.at(height), argv, txId, channel, timestamp, creator, settings);
        Response response = ChaincodeRouter.invoke(stub);
        Set<String> orgs = endorsingOrgs == null ? null : Set.copyOf(endorsingOrgs);
        return new Simulation(txId, timestamp, function, identity.mspId(), stub, response, orgs);
    }

    /** Validates the simulation's reads against the state now and, if they hold, commits its writes. */
    byte[] commit(Simulation sim) {
        requireOpen();
        ReadWriteSet rw = sim.stub().rwset();
        // What the log entry carries of the simulation alone, encoded before taking the lock, so
        // the one-at-a-time part of a commit holds only what depends on the state.
        String timestamp = sim.timestamp().toString();
        List<TransactionLog.Write> writes = TransactionLog.writes(rw.writes);
        List<TransactionLog.Write> metadataWrites = TransactionLog.writes(rw.metadataWrites);
        ChaincodeEvent event = sim.stub().event();
        String eventName = event == null ? null : event.getEventName();
        String eventPayload = event == null
                ? null
                : Base64.getEncoder().encodeToString(event.getPayload().toByteArray());
        commitLock.lock();
        long block;
        try {
            if (committedTxIds.contains(sim.txId())) {
                throw new LedgerException(
                        LedgerException.Stage.COMMIT,
                        ErrorCode.ALREADY_EXISTS,
                        "transaction " + sim.txId() + " was already committed (duplicate transaction id)",
                        sim.txId(),
                        null);
            }
            Set<String> endorsers = Endorsements.check(settings, state, sim, rw);
            String conflict = MvccCheck.findConflict(state, rw);
            if (conflict != null) {
                throw new LedgerException(
                        LedgerException.Stage.COMMIT,
                        ErrorCode.MVCC_READ_CONFLICT,
                        "transaction " + sim.txId() + " is invalid: " + conflict
                                + " changed after it was endorsed; submit it again",
                        sim.txId(),
                        null);
            }
            block = height + 1;
            TransactionLog.Entry entry = new TransactionLog.Entry(
                    block,
                    sim.txId(),
                    timestamp,
                    sim.creatorMsp(),
                    sim.function(),
                    writes,
                    eventName,
                    eventPayload,
                    metadataWrites,
                    List.copyOf(new TreeSet<>(endorsers)),
                    log == null ? null : log.lastHash(),
                    null);
            if (log != null) {
                log.append(entry);
            }
            apply(entry, sim.timestamp(), rw.writes);
        } finally {
            commitLock.unlock();
        }
        return sim.response().getPayload() == null
                ? new byte[0]
                : sim.response().getPayload();
    }

    /**
     * Applies one committed entry to memory: state, history, events. Caller holds the commit lock.
     * {@code ts} is the entry's timestamp and {@code values} the simulation's written bytes (the
     * entry's values before Base64, private copies made by the stub), so a live commit does not
     * decode what it has just encoded; a replay passes null and decodes the entry.
     */
    private void apply(TransactionLog.Entry e, Instant ts, Map<String, byte[]> values) {
        Version version = new Version(e.block(), 0);
        for (TransactionLog.Write w : e.writes()) {
            byte[] value = w.value() == null
                    ? null
                    : values != null ? values.get(w.key()) : Base64.getDecoder().decode(w.value());
            state.apply(w.key(), value, version, e.txId(), ts);
        }
        for (TransactionLog.Write w : e.metadataWrites()) {
            state.applyPolicy(
                    w.key(), w.value() == null ? null : Base64.getDecoder().decode(w.value()), e.block());
        }
        committedTxIds.add(e.txId());
        height = e.block();
        if (e.eventName() != null) {
            eventLock.lock();
            try {
                events.add(new LedgerEventRecord(
                        e.block(), e.txId(), e.eventName(), Base64.getDecoder().decode(e.eventPayload())));
                newEvent.signalAll();
            } finally {
                eventLock.unlock();
            }
        }
    }

    private void replay(TransactionLog.Entry e) {
        apply(e, Instant.parse(e.timestamp()), null);
    }

    /** Blocks until an event at index {@code index} exists or the stream is closed; null when closed. */
    LedgerEventRecord awaitEvent(int index, java.util.function.BooleanSupplier streamClosed) {
        eventLock.lock();
        try {
            while (index >= events.size()) {
                if (closed || streamClosed.getAsBoolean()) {
                    return null;
                }
                try {
                    newEvent.await(200, java.util.concurrent.TimeUnit.MILLISECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    return null;
                }
            }
            return events.get(index);
        } finally {
            eventLock.unlock();
        }
    }

    /** Index of the first event in a block at or after {@code startBlock}. */
    int firstEventIndex(long startBlock) {
        eventLock.lock();
        try {
            int i = 0;
            while (i < events.size() && events.get(i).blockNumber() < startBlock) {
                i++;
            }
            return i;
        } finally {
            eventLock.unlock();
        }
    }

    void wakeStreams() {
        eventLock.lock();
        try {
            newEvent.signalAll();
        } finally {
            eventLock.unlock();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new LedgerException(
                    LedgerException.Stage.UNAVAILABLE, ErrorCode.INTERNAL, "the embedded ledger is closed", null, null);
        }
    }

    @Override
    public void close() {
        commitLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            if (log != null) {
                log.close();
            }
        } finally {
            commitLock.unlock();
        }
        wakeStreams();
    }

    /** A simulated transaction: what the chaincode answered and what it read and wrote. */
    record Simulation(
            String txId,
            Instant timestamp,
            String function,
            String creatorMsp,
            SimulationStub stub,
            Response response,
            Set<String> endorsingOrgs) {}

    /** Options of an embedded ledger. */
    public static final class Builder {
        private String channel = "depa";
        private Path directory;
        private boolean sync = true;
        private NodeKey nodeKey;
        private java.security.PublicKey trustedNodeKey;
        private Clock clock = Clock.systemUTC();
        private Supplier<byte[]> nonces = new RandomNonces();
        private String sroMspId = ChaincodeSettings.DEFAULT_SRO_MSP;
        private String chaincodeName = ChaincodeSettings.DEFAULT_CHAINCODE_NAME;
        private List<String> members = ChaincodeSettings.DEFAULT_MEMBERS;
        private final List<String> developmentRoots = new ArrayList<>();

        private Builder() {}

        public Builder channel(String channel) {
            this.channel = Objects.requireNonNull(channel, "channel");
            return this;
        }

        /** Persist to this directory; without one the ledger lives in memory only. */
        public Builder directory(Path directory) {
            this.directory = directory;
            return this;
        }

        /**
         * The key that signs each block and the head (default: {@code node.key} in the directory,
         * created owner-only with a new ledger).
         */
        public Builder nodeKey(NodeKey nodeKey) {
            this.nodeKey = nodeKey;
            return this;
        }

        /** Refuse to open unless the blocks are signed by this public key (pin it where the ledger cannot be edited). */
        public Builder trustedNodeKey(java.security.PublicKey trustedNodeKey) {
            this.trustedNodeKey = trustedNodeKey;
            return this;
        }

        /** Force each commit to disk before returning (default true). */
        public Builder sync(boolean sync) {
            this.sync = sync;
            return this;
        }

        /** The clock that stamps transactions, as a client's clock stamps a Fabric proposal. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** Source of the nonces that make transaction ids; tests pass a fixed sequence. */
        public Builder nonces(Supplier<byte[]> nonces) {
            this.nonces = Objects.requireNonNull(nonces, "nonces");
            return this;
        }

        /** The regulator's organisation, as a peer's chaincode process learns it from its environment. */
        public Builder sroMspId(String sroMspId) {
            this.sroMspId = Objects.requireNonNull(sroMspId, "sroMspId");
            return this;
        }

        /** The chaincode name bound into every signing payload (domain separation). */
        public Builder chaincodeName(String chaincodeName) {
            this.chaincodeName = Objects.requireNonNull(chaincodeName, "chaincodeName");
            return this;
        }

        /** The channel's members (default SROMSP, ProviderMSP, ConsumerMSP): MAJORITY is a majority of them. */
        public Builder members(List<String> members) {
            this.members = List.copyOf(members);
            return this;
        }

        /** The development switch ({@code DEPA_ATTESTATION_DEVELOPMENT_ROOTS}; chaincode/README.md): pins or "any". */
        public Builder developmentRoots(List<String> pinsOrAny) {
            this.developmentRoots.addAll(pinsOrAny);
            return this;
        }

        public Builder trustAnyDevelopmentRoot() {
            return developmentRoots(List.of(ChaincodeSettings.ANY_DEVELOPMENT_ROOT));
        }

        public EmbeddedLedger open() {
            return new EmbeddedLedger(this);
        }
    }
}
