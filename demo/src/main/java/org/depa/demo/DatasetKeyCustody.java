package org.depa.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.depa.dataset.DatasetKey;
import org.depa.demo.party.Party;

/**
 * Where a TDP's dataset key goes so that its own kms-bridge releases it: a loopback bridge in this
 * process ({@link KeyReleaseBridges}) or the TDP's bridge process of a deployment
 * ({@link DeploymentBridges}).
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
     * Starts (or uses) {@code tdc}'s own bridge holding {@code key}, the key of its sealed model spec, under
     * {@code keyId}; returns the bridge's URL, which the sealed spec names. Null when this custody runs no bridge
     * for the TDC (then the demo's spec goes to the clean room unsealed, under the image's development switch).
     */
    default URI holdSpecKey(Party tdc, DatasetKey key, String keyId) throws IOException {
        return null;
    }

    @Override
    void close();
}
