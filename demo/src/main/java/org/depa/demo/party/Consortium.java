package org.depa.demo.party;

import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedMap;
import org.depa.ledger.model.catalogue.TypedCalls;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Role;

/**
 * Where the scenario's parties act: the ledger they share and how each of them reaches it. The
 * scenario is written against this interface and {@link Party} only; an in-process consortium
 * connects every party to the embedded ledger or the Fabric network from this JVM, a remote one
 * sends every party's calls through the gateway with the party's own TLS certificate.
 */
public interface Consortium extends AutoCloseable {
    /** Which ledger, and how the parties reach it: the scenario's first heading. */
    String description();

    /** The channel and chaincode every signing payload names. */
    SigningPayloads.Domain domain();

    /** The regulator's calls: it publishes the agreement, verifies participants, certifies measurements, audits. */
    TypedCalls sro();

    /**
     * A new party with a fresh key and its connection, not yet registered (registering is a
     * transaction of the scenario's).
     *
     * @param algorithm the algorithm of the key the party signs with
     */
    Party party(String id, Role role, String mspId, String name, SignatureAlgorithm algorithm);

    /** Transactions this run committed so far. */
    int committed();

    /** The events of the transactions this run committed, counted by type. */
    SortedMap<String, Integer> eventCounts();

    /** The file the ledger keeps its blocks in, when it is a local one. */
    Optional<Path> ledgerFile();

    @Override
    void close();
}
