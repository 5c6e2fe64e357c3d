package org.depa.ledger.client.embedded;

import java.nio.charset.StandardCharsets;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.LedgerIdentity;

/** A caller's connection to an {@link EmbeddedLedger}. */
final class EmbeddedClient implements LedgerClient {
    private static final int OK = 200;

    private final EmbeddedLedger ledger;
    private final LedgerIdentity identity;
    private final boolean ownsLedger;

    EmbeddedClient(EmbeddedLedger ledger, LedgerIdentity identity, boolean ownsLedger) {
        this.ledger = ledger;
        this.identity = identity;
        this.ownsLedger = ownsLedger;
    }

    @Override
    public byte[] submit(String function, String... args) {
        return endorse(function, args).submit();
    }

    @Override
    public byte[] evaluate(String function, String... args) {
        EmbeddedLedger.Simulation sim = ledger.simulate(identity, Objects.requireNonNull(function, "function"), args);
        requireSuccess(sim, LedgerException.Stage.EVALUATE);
        return payload(sim);
    }

    @Override
    public EndorsedTransaction endorse(String function, String... args) {
        return endorse(function, null, args);
    }

    /** Endorsed by the peers of these organisations only, as Fabric's {@code setEndorsingOrganizations}. */
    @Override
    public EndorsedTransaction endorse(String function, String[] endorsingOrgs, String... args) {
        EmbeddedLedger.Simulation sim = ledger.simulate(
                identity,
                Objects.requireNonNull(function, "function"),
                args,
                endorsingOrgs == null ? null : java.util.Set.of(endorsingOrgs));
        requireSuccess(sim, LedgerException.Stage.ENDORSE);
        return new EndorsedTransaction() {
            @Override
            public String txId() {
                return sim.txId();
            }

            @Override
            public byte[] result() {
                return payload(sim);
            }

            @Override
            public byte[] submit() {
                return ledger.commit(sim);
            }
        };
    }

    /** Blocks are numbered from 1, one transaction each: the last is the height. */
    @Override
    public long lastBlock() {
        return ledger.height();
    }

    @Override
    public EventStream events(long startBlock) {
        return new Stream(ledger.firstEventIndex(startBlock));
    }

    @Override
    public LedgerIdentity identity() {
        return identity;
    }

    @Override
    public void close() {
        if (ownsLedger) {
            ledger.close();
        }
    }

    private static void requireSuccess(EmbeddedLedger.Simulation sim, LedgerException.Stage stage) {
        if (sim.response().getStatus().getCode() != OK) {
            throw LedgerException.fromChaincode(stage, sim.response().getMessage(), sim.txId());
        }
    }

    private static byte[] payload(EmbeddedLedger.Simulation sim) {
        byte[] p = sim.response().getPayload();
        return p == null ? new byte[0] : p;
    }

    private final class Stream implements EventStream {
        private final AtomicBoolean closed = new AtomicBoolean();
        private int next;
        private LedgerEventRecord pending;

        Stream(int first) {
            this.next = first;
        }

        @Override
        public boolean hasNext() {
            if (pending == null) {
                pending = ledger.awaitEvent(next, closed::get);
            }
            return pending != null;
        }

        @Override
        public LedgerEventRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException("event stream closed");
            }
            LedgerEventRecord e = pending;
            pending = null;
            next++;
            return e;
        }

        @Override
        public void close() {
            closed.set(true);
            ledger.wakeStreams();
        }

        @Override
        public String toString() {
            return "EventStream["
                    + new String(identity.mspId().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8) + "]";
        }
    }
}
