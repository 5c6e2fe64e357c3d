package org.depa.ccr.agent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetKey;
import org.depa.kms.protocol.RunKeySigner;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetClause;

/**
 * One dataset of the contract, made ready for training inside the clean room: its ciphertext
 * fetched from the TDP's registered location ({@link CiphertextSource}: a {@code file:} path or
 * the TDP's HTTPS data endpoint) into the clean room and checked against the hash every party
 * signed BEFORE any key is asked for (a wrong or tampered ciphertext fails the run at DATA with no
 * key released); then its key from the TDP's key-release service, and the checked copy decrypted
 * to {@code work/plain/<datasetId>.csv} (owner-only; removed when the agent's invocation ends, see
 * {@link Plaintexts}). A plaintext already there (the decryption writes it whole or not at all) is
 * used as it is: no key is asked for twice.
 */
final class DatasetFetcher {
    private final Agent.Settings settings;
    private final TypedLedger ledger;
    private final KeySource keys;
    private final EvidenceSource evidence;
    private final CiphertextSource ciphertexts;
    private final PrintStream log;

    DatasetFetcher(
            Agent.Settings settings,
            TypedLedger ledger,
            KeySource keys,
            EvidenceSource evidence,
            CiphertextSource ciphertexts,
            PrintStream log) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.keys = Objects.requireNonNull(keys, "keys");
        this.evidence = Objects.requireNonNull(evidence, "evidence");
        this.ciphertexts = Objects.requireNonNull(ciphertexts, "ciphertexts");
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Where the plaintext of {@code datasetId} is kept inside the clean room. */
    Path plaintext(String datasetId) {
        return Plaintexts.dir(settings).resolve(datasetId + ".csv");
    }

    /** {@link #prepare} then {@link #open}, for one dataset. */
    Trainer.Table fetch(DatasetClause clause, RunKeySigner runKey) {
        prepare(clause);
        return open(clause, runKey);
    }

    /**
     * Fetches the dataset's ciphertext into the clean room and checks it against the contract; no
     * key is involved yet. The run prepares every dataset before it opens any, so one wrong
     * ciphertext fails the run before any TDP releases a key.
     */
    void prepare(DatasetClause clause) {
        if (Files.isRegularFile(plaintext(clause.datasetId()))) {
            return;
        }
        Dataset dataset = dataset(clause);
        checkedCiphertext(dataset, clause, ciphertext(clause.datasetId()));
    }

    /** Obtains the key of a {@link #prepare prepared} dataset and decrypts its checked ciphertext. */
    Trainer.Table open(DatasetClause clause, RunKeySigner runKey) {
        Path plain = plaintext(clause.datasetId());
        if (!Files.isRegularFile(plain)) {
            Dataset dataset = dataset(clause);
            Path ciphertext = ciphertext(clause.datasetId());
            if (!Files.isRegularFile(ciphertext)) {
                // Prepared by an earlier invocation whose plain directory was removed: fetch and check again.
                checkedCiphertext(dataset, clause, ciphertext);
            }
            try {
                DatasetKey key = keys.obtain(dataset, settings.runId(), evidence, runKey);
                try {
                    DatasetCipher.create(key).decryptFile(ciphertext, plain, dataset.id());
                } catch (IOException e) {
                    throw new AgentException(Stage.DATASET, "dataset '" + dataset.id() + "': " + e.getMessage(), e);
                } finally {
                    key.destroy();
                }
            } finally {
                deleteQuietly(ciphertext);
            }
            log.println("ccr-agent: " + clause.datasetId() + " ciphertext hash matches the contract, key released by "
                    + clause.tdpId() + ", decrypted");
        }
        return new Trainer.Table(clause.datasetId(), clause.joinColumn(), plain);
    }

    private Path ciphertext(String datasetId) {
        return Plaintexts.dir(settings).resolve(datasetId + ".enc");
    }

    private Dataset dataset(DatasetClause clause) {
        try {
            return ledger.evaluate(Datasets.GET, clause.datasetId());
        } catch (LedgerException e) {
            throw new AgentException(
                    Stage.DATASET, "cannot read dataset '" + clause.datasetId() + "': " + e.getMessage(), e);
        }
    }

    /** Fetches the ciphertext into the clean room and checks it is the one every party signed. */
    private void checkedCiphertext(Dataset dataset, DatasetClause clause, Path ciphertext) {
        try {
            Plaintexts.create(ciphertext.getParent());
        } catch (IOException e) {
            throw new AgentException(Stage.DATASET, "dataset '" + dataset.id() + "': " + e.getMessage(), e);
        }
        String actual = ciphertexts.fetch(dataset, ciphertext);
        if (!actual.equals(clause.ciphertextSha256())) {
            deleteQuietly(ciphertext);
            throw new AgentException(
                    Stage.DATA,
                    "dataset '" + dataset.id() + "': ciphertext sha256 " + actual + " differs from the contract's "
                            + clause.ciphertextSha256() + " (fetched from " + dataset.encryptedLocation()
                            + "); no key was asked for");
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // in the plaintext directory, removed when the invocation ends anyway
        }
    }
}
