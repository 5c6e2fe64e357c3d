package org.depa.testkit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;

/**
 * Where a test world gets its key pairs and self-signed certificates. {@link #fresh()} makes new
 * random ones each time; {@link #memo()} makes each distinct request once and then hands out the
 * same credentials, so two worlds sharing one memo have byte-identical identities.
 */
@FunctionalInterface
public interface CredentialSource {
    /**
     * One memo for the whole test JVM: worlds are separate ledgers, so reusing key pairs is safe,
     * and generating them is most of a small test's time.
     */
    CredentialSource SHARED = memo();

    Credentials generate(SignatureAlgorithm algorithm, String commonName, Instant notBefore, Instant notAfter);

    static CredentialSource fresh() {
        return SelfSigned::credentials;
    }

    static CredentialSource memo() {
        Map<List<Object>, Credentials> made = new ConcurrentHashMap<>();
        return (algorithm, commonName, notBefore, notAfter) -> made.computeIfAbsent(
                List.of(algorithm, commonName, notBefore, notAfter),
                k -> SelfSigned.credentials(algorithm, commonName, notBefore, notAfter));
    }
}
