package org.depa.attestation;

import java.util.EnumMap;
import java.util.Map;
import org.depa.attestation.emulator.SnpEmulator;

/** One emulator per product for the whole test run (key generation is the slow part), and verifiers for them. */
final class Emulated {
    private static final Map<SnpProduct, SnpEmulator> EMULATORS = new EnumMap<>(SnpProduct.class);

    private static final Map<SnpProduct, SnpEmulator> IMPOSTORS = new EnumMap<>(SnpProduct.class);

    private Emulated() {}

    /** A second emulator of {@code product}: same names as {@link #of}, different keys, never trusted. */
    static synchronized SnpEmulator impostor(SnpProduct product) {
        return IMPOSTORS.computeIfAbsent(product, SnpEmulator::create);
    }

    static synchronized SnpEmulator of(SnpProduct product) {
        return EMULATORS.computeIfAbsent(product, SnpEmulator::create);
    }

    /** Trusts the emulator roots of every product, each for its own product, at the fixed test time. */
    static VerifierOptions developmentOptions() {
        VerifierOptions options = VerifierOptions.defaults().withClock(TestData.CLOCK);
        for (SnpProduct p : SnpProduct.values()) {
            options = options.withDevelopmentRoot(p, of(p).ark());
        }
        return options;
    }

    static SnpVerifier verifier() {
        return SnpVerifier.create(developmentOptions());
    }
}
