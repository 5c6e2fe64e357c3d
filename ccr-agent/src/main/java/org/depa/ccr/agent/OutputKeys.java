package org.depa.ccr.agent;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.domain.OutputKey;
import org.depa.ledger.model.domain.TrainingJob;

/**
 * The public key a job's output is sealed to: the output key the job names, read from the ledger,
 * and only if it is still the key the job pinned at submission ({@code outputKeySha256}), so that
 * nobody can swap the key between submission and sealing.
 */
final class OutputKeys {
    private OutputKeys() {}

    static PublicKey of(TypedLedger ledger, String jobId) {
        TrainingJob job;
        OutputKey key;
        try {
            job = ledger.evaluate(Jobs.GET, jobId);
            key = ledger.evaluate(Jobs.GET_OUTPUT_KEY, job.outputKeyId());
        } catch (LedgerException e) {
            throw new AgentException(
                    Stage.SEALING, "the output key of job '" + jobId + "' cannot be read: " + e.code(), e);
        }
        byte[] der;
        try {
            String body = key.publicKeyPem()
                    .replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "")
                    .replaceAll("\\s", "");
            der = Base64.getDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new AgentException(Stage.SEALING, "output key '" + key.keyId() + "' is not a PEM public key", e);
        }
        String sha = Hashes.sha256Hex(der);
        if (!sha.equals(job.outputKeySha256()) || !sha.equals(key.keySha256())) {
            throw new AgentException(
                    Stage.SEALING,
                    "output key '" + key.keyId() + "' is not the key job '" + jobId + "' pinned at submission");
        }
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException e) {
            throw new AgentException(Stage.SEALING, "output key '" + key.keyId() + "' is not an EC key", e);
        }
    }
}
