package org.depa.kms.bridge.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import org.depa.kms.bridge.TestWorld;
import org.depa.kms.custody.DatasetKeyStore;
import org.depa.ledger.client.LedgerClient;

/** Replaces the default ledger, key store and clock with the test world's. */
@ApplicationScoped
public class TestBeans {
    @Produces
    @Singleton
    LedgerClient ledger() {
        return TestWorld.SCENARIO.icmr.client();
    }

    @Produces
    @Singleton
    DatasetKeyStore keys() {
        return TestWorld.KEYS;
    }

    @Produces
    @Singleton
    Clock clock() {
        return TestWorld.NONCE_CLOCK;
    }
}
