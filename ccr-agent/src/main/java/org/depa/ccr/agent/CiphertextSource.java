package org.depa.ccr.agent;

import java.nio.file.Path;
import org.depa.data.endpoint.DataDownload;
import org.depa.ledger.model.domain.Dataset;

/**
 * Where the clean room gets a dataset's ciphertext: from the location the TDP registered, copied
 * into the clean room with its SHA-256 computed on the way, so the copy that is checked against the
 * contract is the copy that is decrypted.
 */
public interface CiphertextSource {
    /**
     * Copies {@code dataset}'s ciphertext to {@code into}.
     *
     * @return the SHA-256 (hex) of what was written
     * @throws AgentException stage DATA, naming the dataset and what went wrong
     */
    String fetch(Dataset dataset, Path into);

    /**
     * {@code file:} locations, and {@code https:} locations of TDP data endpoints trusting only what
     * {@code https} pins (its certificates, size bound, timeouts and retries). With {@code https}
     * null an https location is refused: there is no default trust.
     */
    static CiphertextSource locations(DataDownload.Settings https) {
        return new Ciphertexts(https);
    }
}
