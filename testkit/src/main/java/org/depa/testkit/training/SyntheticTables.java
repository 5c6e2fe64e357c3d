package org.depa.testkit.training;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.tx.DatasetRequest;

/**
 * Two TDPs' tables for a small real training, joined on {@link #JOIN_COLUMN}: one holds the label
 * (result), the other the feature (age) it depends on, 400 rows from a fixed seed, so every run
 * trains on the same data. And the dataset registration each TDP makes for its table.
 *
 * @param labels the CSV {@code mobile,result}
 * @param features the CSV {@code mobile,age}
 */
public record SyntheticTables(String labels, String features) {
    public static final String JOIN_COLUMN = "mobile";

    private static final int ROWS = 400;

    /** The same 400 rows every time (seed 7): the label is 1 when age plus noise is over 60. */
    public static SyntheticTables generate() {
        Random rnd = new Random(7);
        StringBuilder a = new StringBuilder(JOIN_COLUMN + ",result\n");
        StringBuilder b = new StringBuilder(JOIN_COLUMN + ",age\n");
        for (int i = 1; i <= ROWS; i++) {
            int age = 20 + rnd.nextInt(60);
            a.append(i).append(',').append(age + rnd.nextInt(20) > 60 ? 1 : 0).append('\n');
            b.append(i).append(',').append(age).append('\n');
        }
        return new SyntheticTables(a.toString(), b.toString());
    }

    /**
     * The TDP's registration of {@code csv} encrypted at {@code location} (its ciphertext's SHA-256
     * {@code ciphertextSha256}), its key {@code keyId} in the bridge at {@code bridgeUri}; terms for
     * training only, a budget of 10 with at most 20 per contract.
     */
    public static DatasetRequest registration(
            String datasetId,
            String ownerId,
            String csv,
            String location,
            String ciphertextSha256,
            String bridgeUri,
            String keyId) {
        List<SchemaField> schema = Arrays.stream(
                        csv.substring(0, csv.indexOf('\n')).split(","))
                .map(c -> new SchemaField(c, "string", null))
                .toList();
        return new DatasetRequest(
                datasetId,
                ownerId,
                datasetId,
                "synthetic",
                schema,
                "file:///samples/" + datasetId + ".csv",
                location,
                ciphertextSha256,
                bridgeUri,
                keyId,
                new DatasetTerms(
                        List.of("TRAINING"),
                        1000L,
                        "INR",
                        new BigDecimal("10"),
                        new BigDecimal("20"),
                        new BigDecimal("0.01")));
    }
}
