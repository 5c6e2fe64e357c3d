package org.depa.testkit.training;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.tx.DatasetClauseRequest;

/**
 * The TDC's side of the small real training the clean-room tests run (ccr-operator's
 * {@code AgentJobWorld} on the embedded ledger, fabric-it's {@code CleanRoomWorld} on the network):
 * the model spec over {@link SyntheticTables}, its salt and commitment, the bundle the clean room
 * opens, the contract's clauses that admit it, and the output key the result is sealed to.
 */
public final class TrainingSpec {
    /** One numeric feature (age), the label (result), one hidden layer, 20 epochs of SGD; seeded. */
    public static final String SPEC =
            "{\"features\":[{\"column\":\"age\",\"encoding\":\"numeric\",\"center\":50,\"scale\":20}],"
                    + "\"label\":{\"column\":\"result\",\"positive\":\"1\"},\"hiddenLayers\":[8],\"activation\":\"relu\","
                    + "\"optimizer\":{\"name\":\"sgd\",\"learningRate\":\"0.1\"},\"batchSize\":8,\"epochs\":20,"
                    + "\"split\":{\"validation\":\"0.2\",\"test\":\"0.2\"},\"seed\":1}";

    /** Each dataset clause's epsilon: enough for {@link #SPEC}'s 20 epochs. */
    public static final String EPSILON = "8";

    private final String spec;
    private final byte[] salt;
    private final String commitment;

    private TrainingSpec(String spec, byte[] salt) {
        this.spec = spec;
        this.salt = salt.clone();
        this.commitment = ModelSpecCommitments.commit(salt, spec);
    }

    /** {@link #SPEC} under the salt SHA-256({@code saltLabel}): each world its own commitment. */
    public static TrainingSpec salted(String saltLabel) {
        return new TrainingSpec(SPEC, Hashes.sha256(saltLabel.getBytes(StandardCharsets.UTF_8)));
    }

    /** The model spec (JSON). */
    public String spec() {
        return spec;
    }

    /** The TDC's salt: only its commitment goes on the ledger. */
    public byte[] salt() {
        return salt.clone();
    }

    /** The salted commitment the contract and the job carry. */
    public String commitment() {
        return commitment;
    }

    /** Spec and salt as the TDC hands them to the clean room (sealed, or in clear under the development switch). */
    public String bundleJson() {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("spec", Json.tree(spec));
        bundle.put("salt", HexFormat.of().formatHex(salt));
        return Json.canonicalString(bundle);
    }

    /** A clause per dataset, joined on {@link SyntheticTables#JOIN_COLUMN}: epsilon {@link #EPSILON}, 20 epochs. */
    public static List<DatasetClauseRequest> clauses(List<String> datasetIds) {
        List<DatasetClauseRequest> clauses = new ArrayList<>();
        for (String d : datasetIds) {
            clauses.add(new DatasetClauseRequest(
                    d,
                    SyntheticTables.JOIN_COLUMN,
                    new PrivacyConstraints(
                            new BigDecimal(EPSILON),
                            new BigDecimal("0.01"),
                            new BigDecimal("1.0"),
                            new BigDecimal("1.0"),
                            20),
                    5000L));
        }
        return clauses;
    }

    /** A fresh P-384 key pair for the TDC's output key: the job's output is sealed to its public half. */
    public static KeyPair outputKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no P-384 key pair generator", e);
        }
    }

    /** {@code key} as the PEM the ledger registers (SubjectPublicKeyInfo). */
    public static String publicKeyPem(PublicKey key) {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(key.getEncoded())
                + "\n-----END PUBLIC KEY-----\n";
    }
}
