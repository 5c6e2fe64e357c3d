package org.depa.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.depa.dataset.DatasetKey;
import org.depa.demo.party.Party;

/**
 * Where a TDP's dataset key (and the TDC's spec key) goes so that the party's own kms-bridge releases
 * it: a loopback bridge in this process ({@link KeyReleaseBridges}) or the party's bridge process of a
 * deployment ({@link DeploymentBridges}).
 */
interface DatasetKeyCustody extends AutoCloseable {
    /** The id under which {@code name}'s bridge holds its dataset key (the dataset's ledger keyId). */
    static String keyId(String name) {
        return name + "-dataset-key";
    }

    /**
     * Puts {@code key}, which made {@code ciphertext} for {@code datasetId}, into {@code tdp}'s
     * bridge; returns the bridge's URL, the dataset's key-release endpoint.
     */
    URI hold(Party tdp, String name, DatasetKey key, Path ciphertext, String datasetId) throws IOException;

    /**
     * Puts {@code key}, the key of the TDC's sealed model spec, into {@code tdc}'s own bridge under {@code keyId}
     * (the spec's commitment names it), once {@code seal} has written the sealed spec naming that bridge; returns the
     * bridge's URL. Every custody has a bridge for the TDC: no path sends the spec to the clean room in clear.
     */
    URI holdSpecKey(Party tdc, DatasetKey key, String keyId, SpecSealing seal) throws IOException;

    /** The TDC's sealing of its spec under the spec key, with the URL of the bridge that will hold the key. */
    @FunctionalInterface
    interface SpecSealing {
        /** Writes the sealed spec, its header naming {@code bridge}; returns the sealed file. */
        Path sealFor(URI bridge) throws IOException;
    }

    @Override
    void close();
}
