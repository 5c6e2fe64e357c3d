package org.depa.ledger.testing;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.SignatureAlgorithm;

/**
 * Where a test world gets its key pairs and certificates. {@link #fresh()} makes new random ones
 * each time; {@link #memo()} makes each distinct request once and then hands out the same
 * credentials, so two worlds sharing one memo have byte-identical identities.
 */
@FunctionalInterface
public interface Keys {
    /** One memo for the whole test JVM: worlds are separate ledgers, so reusing key pairs is safe and fast. */
    Keys SHARED = memo();

    Credentials generate(SignatureAlgorithm algorithm, String name, Instant notBefore, Instant notAfter);

    static Keys fresh() {
        return Credentials::generate;
    }

    static Keys memo() {
        Map<List<Object>, Credentials> made = new ConcurrentHashMap<>();
        return (algorithm, name, notBefore, notAfter) -> made.computeIfAbsent(
                List.of(algorithm, name, notBefore, notAfter),
                k -> Credentials.generate(algorithm, name, notBefore, notAfter));
    }
}
