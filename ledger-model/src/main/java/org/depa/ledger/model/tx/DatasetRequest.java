package org.depa.ledger.model.tx;

import java.util.List;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.SchemaField;

/** datasets:register and datasets:update (a full replacement; id and owner cannot change). */
public record DatasetRequest(
        String id,
        String ownerId,
        String name,
        String description,
        List<SchemaField> schema,
        String sampleLocation,
        String encryptedLocation,
        String ciphertextSha256,
        String kmsEndpoint,
        String keyId,
        DatasetTerms terms) {

    /** The same request for a ciphertext kept at {@code location}. */
    public DatasetRequest withEncryptedLocation(String location) {
        return new DatasetRequest(
                id,
                ownerId,
                name,
                description,
                schema,
                sampleLocation,
                location,
                ciphertextSha256,
                kmsEndpoint,
                keyId,
                terms);
    }

    /** The same request for the ciphertext whose SHA-256 is {@code sha256}. */
    public DatasetRequest withCiphertextSha256(String sha256) {
        return new DatasetRequest(
                id,
                ownerId,
                name,
                description,
                schema,
                sampleLocation,
                encryptedLocation,
                sha256,
                kmsEndpoint,
                keyId,
                terms);
    }
}
