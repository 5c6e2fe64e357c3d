package org.depa.ccr.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetKey;
import org.depa.kms.protocol.RunKeySigner;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetClause;

/**
 * One dataset of the contract, made ready for training inside the clean room: its key from the
 * TDP's key-release service, its ciphertext fetched and checked against the hash every party
 * signed, then decrypted to {@code work/plain/<datasetId>.csv} (owner-only; removed when the
 * agent's invocation ends, see {@link Plaintexts}). A plaintext already there (the
 * decryption writes it whole or not at all) is used as it is: no key is asked for twice.
 */
final class DatasetFetcher {
    private final Agent.Settings settings;
    private final TypedLedger ledger;
    private final KeySource keys;
    private final EvidenceSource evidence;
    private final PrintStream log;

    DatasetFetcher(
            Agent.Settings settings, TypedLedger ledger, KeySource keys, EvidenceSource evidence, PrintStream log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.evidence = Objects.requireNonNull(evidence, "evidence");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Where the plaintext of {@code datasetId} is kept inside the clean room. */
    Path plaintext(String datasetId) {
        return Plaintexts.dir(settings).resolve(datasetId + ".csv");
    }

    Trainer.Table fetch(DatasetClause clause, RunKeySigner runKey) {
        Dataset dataset;
        try {
            dataset = ledger.evaluate(Datasets.GET, clause.datasetId());
        } catch (LedgerException e) {
            throw new AgentException(
                    Stage.DATASET, "cannot read dataset '" + clause.datasetId() + "': " + e.getMessage(), e);
        }
        Path plain = plaintext(clause.datasetId());
        if (!Files.isRegularFile(plain)) {
            DatasetKey key = keys.obtain(dataset, settings.runId(), evidence, runKey);
            try {
                decrypt(dataset, clause, key, plain);
            } finally {
                key.destroy();
            }
            log.println("ccr-agent: " + clause.datasetId() + " key released by " + clause.tdpId()
                    + ", ciphertext hash matches the contract, decrypted");
        }
        return new Trainer.Table(clause.datasetId(), clause.joinColumn(), plain);
    }

    /** Fetches the ciphertext, checks it is the one every party signed, and decrypts it. */
    private static void decrypt(Dataset dataset, DatasetClause clause, DatasetKey key, Path plain) {
        URI location = URI.create(dataset.encryptedLocation());
        if (!"file".equals(location.getScheme())) {
            throw new AgentException(
                    Stage.DATASET,
                    "dataset '" + dataset.id() + "': only file: locations are supported, got " + location.getScheme());
        }
        Path ciphertext = Path.of(location);
        String actual;
        try (InputStream in = Files.newInputStream(ciphertext)) {
            actual = Hashes.sha256Hex(in.readAllBytes());
        } catch (IOException e) {
            throw new AgentException(
                    Stage.DATASET,
                    "dataset '" + dataset.id() + "': cannot read " + ciphertext + ": " + e.getMessage(),
                    e);
        }
        if (!actual.equals(clause.ciphertextSha256())) {
            throw new AgentException(
                    Stage.DATASET,
                    "dataset '" + dataset.id() + "': ciphertext sha256 " + actual + " differs from the contract's "
                            + clause.ciphertextSha256());
        }
        try {
            Plaintexts.create(plain.getParent());
            DatasetCipher.create(key).decryptFile(ciphertext, plain, dataset.id());
        } catch (IOException e) {
            throw new AgentException(Stage.DATASET, "dataset '" + dataset.id() + "': " + e.getMessage(), e);
        }
    }
}
