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
        DatasetTerms terms) {}
