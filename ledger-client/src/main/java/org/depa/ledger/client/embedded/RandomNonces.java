package org.depa.ledger.client.embedded;

import java.security.SecureRandom;
import java.util.function.Supplier;

/** Transaction nonces from a SecureRandom, as a Fabric client draws them. */
final class RandomNonces implements Supplier<byte[]> {
    private final SecureRandom random = new SecureRandom();

    private RandomNonces() {}

    static Supplier<byte[]> create() {
        return new RandomNonces();
    }

    @Override
    public byte[] get() {
        byte[] nonce = new byte[24];
        random.nextBytes(nonce);
        return nonce;
    }
}
