package org.depa.ccr.agent;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDHEncrypter;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Objects;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ledger.model.crypto.Pem;

/**
 * Encrypts what leaves the clean room to the TDC alone: a JWE (ECDH-ES+A256KW, A256GCM) to the
 * EC key of the certificate the TDC registered on the ledger, so whoever deploys the clean room
 * cannot redirect the model. The protected header names the contract and run, so the TDC can
 * tell which receipt a file belongs to before decrypting.
 */
final class ModelSealer {
    private ModelSealer() {}

    static String seal(byte[] content, String tdcCertificatePem, String contractId, String runId, String name) {
        Objects.requireNonNull(content, "content");
        X509Certificate cert = certificate(tdcCertificatePem);
        if (!(cert.getPublicKey() instanceof ECPublicKey ec)) {
            throw new AgentException(
                    Stage.SEALING,
                    "the TDC's registered key is " + cert.getPublicKey().getAlgorithm()
                            + "; sealing needs an EC (P-256/P-384/P-521) key for ECDH-ES");
        }
        try {
            JWEHeader header = new JWEHeader.Builder(JWEAlgorithm.ECDH_ES_A256KW, EncryptionMethod.A256GCM)
                    .contentType("application/octet-stream")
                    .customParam("depa.contractId", contractId)
                    .customParam("depa.runId", runId)
                    .customParam("depa.name", name)
                    .build();
            JWEObject jwe = new JWEObject(header, new Payload(content));
            jwe.encrypt(new ECDHEncrypter(ec));
            return jwe.serialize();
        } catch (JOSEException e) {
            throw new AgentException(Stage.SEALING, "JWE encryption failed: " + e.getMessage(), e);
        }
    }

    static X509Certificate certificate(String pem) {
        Pem.certificate("certificatePem", pem); // same parsing rules as the ledger
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(
                            new ByteArrayInputStream(pem.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
        } catch (CertificateException e) {
            throw new AgentException(Stage.SEALING, "the TDC's certificate does not parse", e);
        }
    }
}
