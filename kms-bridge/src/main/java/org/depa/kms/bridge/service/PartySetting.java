package org.depa.kms.bridge.service;

import java.util.Optional;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;

/**
 * The participant this bridge acts for: {@value #NAME}, a TDP (its dataset keys) or the TDC (its sealed spec's
 * key). The old name {@value #OLD}, from when only TDPs had bridges, is still read, with a deprecation warning at
 * start; both set to different ids is refused.
 */
final class PartySetting {
    static final String NAME = "depa.kms.party-id";
    static final String OLD = "depa.kms.tdp-id";

    private PartySetting() {}

    static String resolve(Config config, Logger log) {
        Optional<String> party = nonBlank(config, NAME);
        Optional<String> old = nonBlank(config, OLD);
        if (party.isPresent() && old.isPresent() && !party.get().equals(old.get())) {
            throw new IllegalStateException(NAME + " is '" + party.get() + "' but the deprecated " + OLD + " is '"
                    + old.get() + "': remove " + OLD);
        }
        if (party.isPresent()) {
            return party.get();
        }
        if (old.isPresent()) {
            log.warning(OLD + " is deprecated: rename it to " + NAME + " (the bridge serves any party, a TDP or"
                    + " the TDC); read as " + NAME + "=" + old.get());
            return old.get();
        }
        throw new IllegalStateException(NAME + " is not set: the participant id this bridge acts for");
    }

    private static Optional<String> nonBlank(Config config, String name) {
        return config.getOptionalValue(name, String.class).map(String::strip).filter(s -> !s.isEmpty());
    }
}
