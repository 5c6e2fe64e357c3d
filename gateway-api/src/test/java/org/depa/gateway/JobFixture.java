package org.depa.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.List;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.SignContractRequest;
import org.depa.ledger.testing.World;

/**
 * Contracts bound to a model-spec commitment, set up through the gateway as the parties would
 * (propose, every party signs locally, activate), and TDC output keys: what a training job needs.
 */
final class JobFixture {
    static final String SPEC = "{\"layers\":[{\"type\":\"dense\",\"units\":8}],\"epochs\":2}";
    static final byte[] SALT = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final String COMMITMENT = ModelSpecCommitments.commit(SALT, SPEC);

    private JobFixture() {}

    /** An ACTIVE contract between {@code tdc}, {@code tdp}'s dataset and {@code ccr}, committed to {@code commitment}. */
    static void activeContract(String contractId, Member tdc, Member tdp, Member ccr, String commitment) {
        String dataset = tdp.id() + "-data";
        if (tdc.spec().get("/v1/datasets/" + dataset).statusCode() != 200) {
            Api.json(tdp.spec(), World.datasetRequest(dataset, tdp.id(), "10"))
                    .post("/v1/datasets")
                    .then()
                    .statusCode(200);
        }
        Api.json(
                        tdc.spec(),
                        LifecycleTestProposals.proposal(contractId, tdc.id(), ccr.id(), dataset, "1")
                                .withModelSpecCommitment(commitment))
                .post("/v1/contracts")
                .then()
                .statusCode(200);
        for (Member m : List.of(tdc, tdp, ccr)) {
            io.restassured.response.Response s = m.spec().get("/v1/contracts/" + contractId + "/signing-payload");
            s.then().statusCode(200);
            byte[] payload = Base64.getDecoder().decode(s.path("payloadBase64").toString());
            Api.json(m.spec(), new SignContractRequest(contractId, s.path("version"), m.id(), m.sign(payload)))
                    .post("/v1/contracts/" + contractId + "/signatures")
                    .then()
                    .statusCode(200);
        }
        Api.json(tdc.spec(), new ContractActionRequest(contractId, tdc.id(), null))
                .post("/v1/contracts/" + contractId + "/activate")
                .then()
                .statusCode(200);
    }

    /** A fresh EC public key (SubjectPublicKeyInfo, PEM) on {@code curve}, e.g. secp256r1. */
    static String publicKeyPem(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve));
            byte[] spki = g.generateKeyPair().getPublic().getEncoded();
            return "-----BEGIN PUBLIC KEY-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(spki)
                    + "\n-----END PUBLIC KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
