package org.depa.kms.bridge;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.kms.custody.KeyCustodyException;
import org.depa.ledger.testing.MutableClock;
import org.depa.ledger.testing.Scenario;

/**
 * The one ledger world the bridge under test runs on: the usual scenario (icmr and cowin TDPs, a TDC, a CCR
 * provider), with the bridge acting for icmr. Its dataset key is in a PKCS#12 store made here. Public, with
 * {@link EmulatedCcr}, for kms-bridge's endpoint tests (this module's test jar).
 */
public final class TestWorld {
    /** Runs are started from {@link EmulatedCcr#CHIP}, as the clean rooms under test run on it. */
    public static final Scenario SCENARIO =
            new Scenario().onChip(EmulatedCcr.chipIdHex(EmulatedCcr.CHIP), EmulatedCcr.tcbHex(EmulatedCcr.CHIP));
    /** The nonce store's clock, apart from the ledger's, so nonce expiry can be tested alone. */
    public static final MutableClock NONCE_CLOCK = new MutableClock(Instant.parse("2026-03-01T00:00:00Z"));

    public static final byte[] ICMR_KEY = random32();
    public static final DatasetKeyStore KEYS = keyStore();
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private TestWorld() {}

    /** A fresh id for contracts and runs, so tests do not share them. */
    public static String next(String prefix) {
        return prefix + "-" + SEQUENCE.incrementAndGet();
    }

    public static byte[] random32() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return b;
    }

    private static DatasetKeyStore keyStore() {
        try {
            Path dir = Files.createTempDirectory("kms-bridge-test");
            DatasetKeyStore store = DatasetKeyStore.pkcs12(dir.resolve("keys.p12"), "test-only".toCharArray());
            store.importKey("icmr-data-key", ICMR_KEY);
            return store;
        } catch (java.io.IOException | KeyCustodyException e) {
            throw new IllegalStateException(e);
        }
    }
}
