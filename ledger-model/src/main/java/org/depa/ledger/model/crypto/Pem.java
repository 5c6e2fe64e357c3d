package org.depa.ledger.model.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.util.Locale;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.LedgerRuleException;

/** Parses certificates, public keys and private keys from PEM, accepting only the ledger's algorithms. */
public final class Pem {
    private static final int MAX_PEM_CHARS = 16 * 1024;

    private Pem() {}

    /** Parses one X.509 certificate and its subject key. */
    public static PublicKeyInfo certificate(String field, String pem) {
        Object parsed = parse(field, pem, ErrorCode.INVALID_CERTIFICATE);
        if (!(parsed instanceof X509CertificateHolder cert)) {
            throw new LedgerRuleException(
                    ErrorCode.INVALID_CERTIFICATE, "field '" + field + "' is not a PEM X.509 certificate");
        }
        try {
            return keyOf(
                    field,
                    cert.getSubjectPublicKeyInfo(),
                    cert.getNotBefore().toInstant(),
                    cert.getNotAfter().toInstant(),
                    Hashes.sha256Hex(cert.getEncoded()));
        } catch (IOException e) {
            throw new LedgerRuleException(ErrorCode.INVALID_CERTIFICATE, "field '" + field + "' cannot be encoded");
        }
    }

    /** Parses a PEM SubjectPublicKeyInfo ("PUBLIC KEY"). */
    public static PublicKeyInfo publicKey(String field, String pem) {
        Object parsed = parse(field, pem, ErrorCode.UNSUPPORTED_KEY);
        if (!(parsed instanceof SubjectPublicKeyInfo spki)) {
            throw new LedgerRuleException(ErrorCode.UNSUPPORTED_KEY, "field '" + field + "' is not a PEM public key");
        }
        try {
            return keyOf(field, spki, null, null, Hashes.sha256Hex(spki.getEncoded()));
        } catch (IOException e) {
            throw new LedgerRuleException(ErrorCode.UNSUPPORTED_KEY, "field '" + field + "' cannot be encoded");
        }
    }

    /** Parses a PKCS#8 or traditional EC private key. Never put the result in a message or log. */
    public static AsymmetricKeyParameter privateKey(String pem) {
        Object parsed = parse("privateKey", pem, ErrorCode.UNSUPPORTED_KEY);
        try {
            if (parsed instanceof PrivateKeyInfo info) {
                return PrivateKeyFactory.createKey(info);
            }
            if (parsed instanceof PEMKeyPair pair) {
                return PrivateKeyFactory.createKey(pair.getPrivateKeyInfo());
            }
        } catch (IOException | RuntimeException e) {
            throw new LedgerRuleException(ErrorCode.UNSUPPORTED_KEY, "private key cannot be decoded");
        }
        throw new LedgerRuleException(ErrorCode.UNSUPPORTED_KEY, "not a PEM private key");
    }

    private static Object parse(String field, String pem, ErrorCode code) {
        if (pem == null || pem.isBlank()) {
            throw new LedgerRuleException(ErrorCode.INVALID_ARGUMENT, "field '" + field + "' is required");
        }
        if (pem.length() > MAX_PEM_CHARS) {
            throw new LedgerRuleException(
                    code, "field '" + field + "' is longer than " + MAX_PEM_CHARS + " characters");
        }
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object first = parser.readObject();
            if (first == null) {
                throw new LedgerRuleException(code, "field '" + field + "' holds no PEM object");
            }
            if (parser.readObject() != null) {
                throw new LedgerRuleException(code, "field '" + field + "' holds more than one PEM object");
            }
            return first;
        } catch (IOException | RuntimeException e) {
            if (e instanceof LedgerRuleException rule) {
                throw rule;
            }
            throw new LedgerRuleException(code, "field '" + field + "' is not valid PEM");
        }
    }

    private static PublicKeyInfo keyOf(
            String field,
            SubjectPublicKeyInfo spki,
            java.time.Instant notBefore,
            java.time.Instant notAfter,
            String sha256) {
        AsymmetricKeyParameter key;
        try {
            key = PublicKeyFactory.createKey(spki);
        } catch (IOException | RuntimeException e) {
            throw new LedgerRuleException(ErrorCode.UNSUPPORTED_KEY, "field '" + field + "' has an undecodable key");
        }
        return new PublicKeyInfo(algorithmOf(field, key), key, notBefore, notAfter, sha256);
    }

    static SignatureAlgorithm algorithmOf(String field, AsymmetricKeyParameter key) {
        if (key instanceof Ed25519PublicKeyParameters) {
            return SignatureAlgorithm.ED25519;
        }
        if (key instanceof ECPublicKeyParameters ec && ec.getParameters() instanceof ECNamedDomainParameters named) {
            ASN1ObjectIdentifier curve = named.getName();
            if (X9ObjectIdentifiers.prime256v1.equals(curve)) {
                return SignatureAlgorithm.ECDSA_P256_SHA256;
            }
            if (SECObjectIdentifiers.secp384r1.equals(curve)) {
                return SignatureAlgorithm.ECDSA_P384_SHA384;
            }
        }
        throw new LedgerRuleException(
                ErrorCode.UNSUPPORTED_KEY,
                "field '" + field + "' must hold an ECDSA P-256, ECDSA P-384 or Ed25519 key, not "
                        + key.getClass()
                                .getSimpleName()
                                .replace("Parameters", "")
                                .toLowerCase(Locale.ROOT));
    }
}
