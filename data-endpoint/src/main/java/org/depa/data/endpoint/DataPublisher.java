package org.depa.data.endpoint;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The TDP's publishing step ({@code depa dataset publish}, the deployment's demo): puts a dataset's
 * ciphertext and sample into the store of the TDP's own endpoint, named by the endpoint's
 * properties file, and returns the locations to register. Decided: a local write into the
 * endpoint's directory, not an upload. The TDP runs its endpoint on its own host, so the store is
 * its own directory; an upload route would be one more authenticated write path into a server that
 * otherwise only reads. The locations pin the endpoint's certificate and the ciphertext's size
 * ({@link PinnedLocation}), so what the clean room trusts is what the TDP registers.
 */
public final class DataPublisher {
    private DataPublisher() {}

    /**
     * What was published and where it is.
     *
     * @param sampleLocation present when the endpoint holds a sample for the dataset
     */
    public record Publication(
            DataStore.Published published, URI encryptedLocation, Optional<URI> sampleLocation, URI endpoint) {}

    /**
     * @throws IllegalArgumentException a bad dataset id or file, named
     * @throws PublishConflictException a different ciphertext already published under {@code datasetId}
     */
    public static Publication publish(EndpointSettings endpoint, String datasetId, Path ciphertext, Path sample)
            throws IOException {
        DataStore store = DataStore.at(endpoint.storeDir());
        DataStore.Published p = store.publish(datasetId, ciphertext, sample);
        String pin = endpoint.certificateSha256();
        URI base = endpoint.baseUri();
        URI encrypted = PinnedLocation.of(DataPaths.ciphertext(base, datasetId), pin, p.ciphertextBytes());
        Optional<URI> sampleAt = store.sample(datasetId) == null
                ? Optional.empty()
                : Optional.of(PinnedLocation.of(DataPaths.sample(base, datasetId), pin, null));
        return new Publication(p, encrypted, sampleAt, base);
    }
}
