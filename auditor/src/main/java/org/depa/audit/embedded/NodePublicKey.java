package org.depa.audit.embedded;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.PEMParser;
import org.depa.audit.bundle.BundleException;
import org.depa.ledger.model.Hashes;

/**
 * The embedded ledger node's Ed25519 public key ({@code node.pub}, X.509 SubjectPublicKeyInfo PEM),
 * which signs every line and the head. Its fingerprint (SHA-256 of the SubjectPublicKeyInfo) is
 * printed for the auditor to pin: the key in the directory proves nothing about who wrote it.
 */
final class NodePublicKey {
    static final String FILE = "node.pub";

    private final Ed25519PublicKeyParameters key;
    private final String fingerprint;

    private NodePublicKey(Ed25519PublicKeyParameters key, String fingerprint) {
        this.key = key;
        this.fingerprint = fingerprint;
    }

    static NodePublicKey read(Path dir) {
        Path file = dir.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            throw new BundleException(
                    "no " + FILE + " in " + dir + ": the embedded ledger's node key is needed to" + " check its lines");
        }
        try (PEMParser pem = new PEMParser(new StringReader(Files.readString(file)))) {
            Object o = pem.readObject();
            if (!(o instanceof SubjectPublicKeyInfo spki)) {
                throw new BundleException(file + " is not a PEM public key");
            }
            AsymmetricKeyParameter k = PublicKeyFactory.createKey(spki);
            if (!(k instanceof Ed25519PublicKeyParameters ed)) {
                throw new BundleException(file + " is not an Ed25519 public key");
            }
            return new NodePublicKey(ed, Hashes.sha256Hex(spki.getEncoded()));
        } catch (IOException | IllegalArgumentException e) {
            throw new BundleException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    boolean verifies(byte[] message, byte[] signature) {
        if (signature.length != Ed25519PublicKeyParameters.KEY_SIZE * 2) {
            return false;
        }
        Ed25519Signer s = new Ed25519Signer();
        s.init(false, key);
        s.update(message, 0, message.length);
        return s.verifySignature(signature);
    }

    String fingerprint() {
        return fingerprint;
    }
}
