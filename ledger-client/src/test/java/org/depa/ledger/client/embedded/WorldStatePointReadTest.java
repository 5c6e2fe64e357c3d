package org.depa.ledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Point reads go through a hash map beside the ordered tree; they must answer exactly what the
 * tree (UTF-8 order, where keys with equal bytes are one key) answers, through writes, deletes and
 * keys that differ only by a lone surrogate against '?'.
 */
class WorldStatePointReadTest {
    private static final String[] KEYS = {
        "\u0000contract\u0000c-1\u0000", "\u0000contract\u0000c-2\u0000", "a", "a?", "ab", "x?", "\u00e9t\u00e9"
    };
    private static final String[] SURROGATE_KEYS = {"a\ud800", "x\udc00", "k" + new String(Character.toChars(0x1F600))};

    @Test
    void pointReadsMatchTheOrderedMapWithAndWithoutSurrogateKeys() {
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            WorldState state = new WorldState();
            TreeMap<String, byte[]> reference = new TreeMap<>(Utf8Order.INSTANCE);
            boolean surrogates = seed % 2 == 0;
            for (int op = 0; op < 300; op++) {
                String key = pick(random, surrogates && op > 150);
                byte[] value = random.nextInt(4) == 0 ? null : new byte[] {(byte) op};
                state.apply(key, value, new Version(op + 1, 0), "tx" + op, Instant.EPOCH);
                if (value == null) {
                    reference.remove(key);
                } else {
                    reference.put(key, value);
                }
                for (String k : KEYS) {
                    assertRead(state, reference, k);
                }
                for (String k : SURROGATE_KEYS) {
                    assertRead(state, reference, k);
                }
            }
            assertThat(state.size()).isEqualTo(reference.size());
        }
    }

    private static void assertRead(WorldState state, TreeMap<String, byte[]> reference, String key) {
        WorldState.Entry entry = state.get(key);
        byte[] expected = reference.get(key);
        if (expected == null) {
            assertThat(entry).as("key %s", key).isNull();
        } else {
            assertThat(entry).as("key %s", key).isNotNull();
            assertThat(entry.value()).as("key %s", key).isEqualTo(expected);
        }
    }

    private static String pick(SplittableRandom random, boolean withSurrogates) {
        if (withSurrogates && random.nextInt(3) == 0) {
            return SURROGATE_KEYS[random.nextInt(SURROGATE_KEYS.length)];
        }
        return KEYS[random.nextInt(KEYS.length)];
    }
}
