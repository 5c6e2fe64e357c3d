package org.depa.demo;

import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.depa.dataset.ColumnPolicy;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.DatasetPreparer;
import org.depa.dataset.PseudonymKey;
import org.depa.dataset.Pseudonymiser;
import org.depa.demo.CovidCast.Provider;
import org.depa.demo.party.Party;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.tx.DatasetRequest;

/**
 * What each TDP does with its table before the contract: drop the direct identifiers, replace the
 * join column by a pseudonym under the key the TDPs share, encrypt under its own dataset key, hand
 * that key to its own kms-bridge only, and register the dataset with the ciphertext's hash.
 */
final class TdpDatasets {
    private final CovidCast cast;
    private final Path dataDir;
    private final Path dir;
    private final DatasetKeyCustody bridges;
    private final Console console;
    private final java.util.function.IntFunction<PayoutAccounts> payout;
    private final DatasetHosting hosting;

    /** @param payout the chain accounts the i-th TDP names in its terms (its own and its data principals') */
    TdpDatasets(
            CovidCast cast,
            Path dataDir,
            Path dir,
            DatasetKeyCustody bridges,
            Console console,
            java.util.function.IntFunction<PayoutAccounts> payout,
            DatasetHosting hosting) {
        this.payout = payout;
        this.hosting = hosting;
        this.cast = cast;
        this.dataDir = dataDir;
        this.dir = dir;
        this.bridges = bridges;
        this.console = console;
    }

    /** Prepares, encrypts and registers each TDP's table; {@code tdps} are the TDPs by base id. */
    void publish(Map<String, Party> tdps) throws IOException {
        Path encrypted = Files.createDirectories(dir.resolve("encrypted"));
        Path prepared = Files.createDirectories(dir.resolve("tdp-prepared"));
        Pseudonymiser joinKey = new Pseudonymiser(PseudonymKey.generate());
        for (int i = 0; i < CovidCast.PROVIDERS.size(); i++) {
            Provider p = CovidCast.PROVIDERS.get(i);
            Party tdp = tdps.get(p.id());
            Path csv = prepared.resolve(p.id() + ".csv");
            Path enc = encrypted.resolve(p.id() + ".enc");
            DatasetPreparer.Report prep = new DatasetPreparer(
                            new ColumnPolicy(p.drop(), Set.of(p.joinColumn())), joinKey)
                    .prepare(dataDir.resolve(p.file()), csv);
            DatasetKey key = DatasetKey.generate();
            String cipherHash = DatasetCipher.create(key)
                    .encryptFile(csv, enc, cast.datasetId(p))
                    .ciphertextSha256();
            URI bridge = bridges.hold(tdp, p.id(), key, enc, cast.datasetId(p));
            key.destroy();
            console.line(
                    "%-8s %d rows; dropped %s; pseudonymised %s; key in its bridge at %s",
                    p.id(), prep.rows(), prep.dropped(), prep.pseudonymised(), bridge);
            List<SchemaField> schema = schema(csv);
            DatasetHosting.Hosted at = hosting.host(p.id(), cast.datasetId(p), enc, csv);
            console.line("%-8s ciphertext %s: %s", p.id(), at.where(), at.encryptedLocation());
            Dataset d = tdp.ledger()
                    .submit(Datasets.REGISTER, request(p, tdp, schema, at, cipherHash, bridge, payout.apply(i)));
            console.line(
                    "%-12s %s  %d columns  ciphertext sha256 %s...",
                    d.id(), d.ownerId(), schema.size(), cipherHash.substring(0, 16));
        }
    }

    private DatasetRequest request(
            Provider p,
            Party tdp,
            List<SchemaField> schema,
            DatasetHosting.Hosted at,
            String cipherHash,
            URI bridge,
            PayoutAccounts payout) {
        return new DatasetRequest(
                cast.datasetId(p),
                tdp.id(),
                p.name(),
                "Synthetic COVID-19 records (" + p.file() + ")",
                schema,
                at.sampleLocation(),
                at.encryptedLocation(),
                cipherHash,
                bridge.toString(),
                DatasetKeyCustody.keyId(p.id()),
                // Training only, priced at 250,000 INR minor units; at most epsilon 2 per contract of a
                // total 10, at delta 0.01; paid on chain to the TDP's own account and its data principals'.
                new DatasetTerms(
                        List.of("TRAINING"),
                        250_000L,
                        "INR",
                        new BigDecimal("2"),
                        new BigDecimal("10"),
                        new BigDecimal("0.01"),
                        payout));
    }

    /** The prepared file's header: every column a string, as the TDP publishes it. */
    private static List<SchemaField> schema(Path csv) throws IOException {
        List<SchemaField> schema = new ArrayList<>();
        String header = Files.readAllLines(csv, StandardCharsets.UTF_8).get(0);
        for (String column : header.split(",")) {
            schema.add(new SchemaField(column.trim(), "string", null));
        }
        return schema;
    }
}
