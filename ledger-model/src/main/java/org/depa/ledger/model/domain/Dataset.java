package org.depa.ledger.model.domain;

import java.util.List;

/** A TDP's dataset as registered: where its ciphertext lives, how to reach its key, and its terms. */
public record Dataset(
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
        DatasetTerms terms,
        DatasetStatus status,
        int revision,
        String registeredAt,
        String updatedAt,
        String updatedTx) {
    public Dataset {
        schema = Frozen.list(schema);
    }

    /** This dataset in {@code newStatus}, as its next revision. */
    public Dataset withStatus(DatasetStatus newStatus, String at, String tx) {
        return new Dataset(
                id,
                ownerId,
                name,
                description,
                schema,
                sampleLocation,
                encryptedLocation,
                ciphertextSha256,
                kmsEndpoint,
                keyId,
                terms,
                newStatus,
                revision + 1,
                registeredAt,
                at,
                tx);
    }
}
