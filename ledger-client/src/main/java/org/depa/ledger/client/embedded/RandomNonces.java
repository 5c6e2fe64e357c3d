package org.depa.ledger.client.embedded;

import java.security.SecureRandom;
import java.util.function.Supplier;

/** The default source of transaction-id nonces: 24 random bytes, as a Fabric client's. */
final class RandomNonces implements Supplier<byte[]> {
    private final SecureRandom random = new SecureRandom();

    @Override
    public byte[] get() {
        byte[] nonce = new byte[24];
        random.nextBytes(nonce);
        return nonce;
    }
}
