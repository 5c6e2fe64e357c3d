package org.depa.ledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The world state read at a height ({@link WorldState#at}) is exactly what the state was after
 * that block: point reads, range scans (the keys an ordered map reports), the next key after a
 * page, key-level policies and history, compared with a reference that is the ledger's earlier
 * state (one ordered map, changed in place, read under the ledger's lock), recorded after every
 * block. Then the same with the blocks applied by one thread while others read snapshots without
 * a lock, as simulations now do beside a commit.
 */
class WorldStateSnapshotTest {
    private static final String[] KEYS = {
        "\u0000contract\u0000c-1\u0000", "\u0000contract\u0000c-2\u0000", "\u0000contract\u0000c-3\u0000", "a", "a?",
        "ab", "b", "x?", "\u00e9t\u00e9", "\uffff"
    };
    private static final String[] SURROGATE_KEYS = {"a\ud800", "x\udc00", "k" + new String(Character.toChars(0x1F600))};
    private static final String[] BOUNDS = {
        "", "\u0000", "\u0000contract\u0000", "\u0000contract\u0001", "a", "a?", "b", "k", "x", "\u00e9", "\udbff\udfff"
    };

    @Test
    void everySnapshotSeesExactlyItsBlock() {
        for (long seed = 1; seed <= 24; seed++) {
            List<Block> blocks = blocks(seed, 120);
            List<List<String>> expected = reference(blocks);
            WorldState state = new WorldState();
            List<String> readAtZero = observe(state.at(0));
            for (Block b : blocks) {
                apply(state, b);
                assertThat(observe(state.at(b.number())))
                        .as("seed %d, block %d read right after it", seed, b.number())
                        .isEqualTo(expected.get((int) b.number()));
            }
            assertThat(readAtZero).isEqualTo(expected.get(0));
            for (int h = 0; h <= blocks.size(); h++) {
                assertThat(observe(state.at(h)))
                        .as("seed %d, block %d read after all blocks", seed, h)
                        .isEqualTo(expected.get(h));
            }
            assertThat(observeLatest(state)).isEqualTo(expected.get(blocks.size()));
        }
    }

    @Test
    void readersWithoutALockSeeWholeBlocksWhileOneThreadCommits() throws Exception {
        for (long seed = 100; seed < 104; seed++) {
            List<Block> blocks = blocks(seed, 400);
            List<List<String>> expected = reference(blocks);
            WorldState state = new WorldState();
            // The ledger's protocol: the state of a block first, its height after (a volatile write).
            AtomicLong height = new AtomicLong();
            AtomicBoolean done = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(2);
            ExecutorService pool = Executors.newFixedThreadPool(3);
            try {
                List<Future<Integer>> readers = new ArrayList<>();
                for (int r = 0; r < 2; r++) {
                    readers.add(pool.submit(() -> {
                        int reads = 0;
                        started.countDown();
                        // Until the writer is done, and at least a few reads each whatever the scheduling.
                        while (!done.get() || reads < 20) {
                            long h = height.get();
                            assertThat(observe(state.at(h))).as("read at %d", h).isEqualTo(expected.get((int) h));
                            reads++;
                        }
                        return reads;
                    }));
                }
                Future<?> writer = pool.submit(() -> {
                    started.await(30, TimeUnit.SECONDS);
                    for (Block b : blocks) {
                        apply(state, b);
                        height.set(b.number());
                    }
                    done.set(true);
                    return null;
                });
                writer.get(60, TimeUnit.SECONDS);
                for (Future<Integer> reader : readers) {
                    assertThat(reader.get(60, TimeUnit.SECONDS)).isPositive();
                }
            } finally {
                done.set(true);
                pool.shutdownNow();
            }
        }
    }

    /** One block: writes (null value: delete), then key-level policy writes (null or empty: none). */
    private record Block(long number, List<String[]> writes, List<String[]> policies) {}

    private static List<Block> blocks(long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        boolean surrogates = seed % 2 == 0;
        List<Block> out = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            List<String[]> writes = new ArrayList<>();
            for (int i = random.nextInt(1, 5); i > 0; i--) {
                String key = pick(random, surrogates);
                writes.add(new String[] {key, random.nextInt(4) == 0 ? null : "v" + n + "." + i});
            }
            List<String[]> policies = new ArrayList<>();
            if (random.nextInt(4) == 0) {
                String p =
                        switch (random.nextInt(3)) {
                            case 0 -> null;
                            case 1 -> "";
                            default -> "policy-" + n;
                        };
                policies.add(new String[] {pick(random, surrogates), p});
            }
            out.add(new Block(n, writes, policies));
        }
        return out;
    }

    private static String pick(SplittableRandom random, boolean withSurrogates) {
        if (withSurrogates && random.nextInt(4) == 0) {
            return SURROGATE_KEYS[random.nextInt(SURROGATE_KEYS.length)];
        }
        return KEYS[random.nextInt(KEYS.length)];
    }

    private static void apply(WorldState state, Block b) {
        Version version = new Version(b.number(), 0);
        for (String[] w : b.writes()) {
            state.apply(w[0], bytes(w[1]), version, "tx" + b.number(), Instant.ofEpochSecond(b.number()));
        }
        for (String[] p : b.policies()) {
            state.applyPolicy(p[0], bytes(p[1]), b.number());
        }
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** What the reference shows after each block (index 0: empty). */
    private static List<List<String>> reference(List<Block> blocks) {
        Reference ref = new Reference();
        List<List<String>> out = new ArrayList<>();
        out.add(ref.observe());
        for (Block b : blocks) {
            Version version = new Version(b.number(), 0);
            for (String[] w : b.writes()) {
                ref.apply(w[0], bytes(w[1]), version, "tx" + b.number(), Instant.ofEpochSecond(b.number()));
            }
            for (String[] p : b.policies()) {
                ref.applyPolicy(p[0], bytes(p[1]));
            }
            out.add(ref.observe());
        }
        return out;
    }

    private static List<String> observe(WorldState.Snapshot s) {
        List<String> out = new ArrayList<>();
        for (String k : allKeys()) {
            out.add("get " + k + " = " + entry(s.get(k)));
            out.add("policy " + k + " = " + text(s.policy(k)));
            out.add("history " + k + " = " + history(s.history(k)));
        }
        for (String start : BOUNDS) {
            for (String end : BOUNDS) {
                List<String> keys = new ArrayList<>();
                s.range(start, end).forEach(e -> keys.add(e.getKey() + "=" + entry(e.getValue())));
                out.add("range [" + start + ", " + end + ") = " + keys);
                Map.Entry<String, WorldState.Entry> after = s.firstAfter(start, end);
                out.add("after " + start + " before " + end + " = "
                        + (after == null ? "none" : after.getKey() + "=" + entry(after.getValue())));
            }
        }
        return out;
    }

    private static List<String> observeLatest(WorldState s) {
        List<String> out = new ArrayList<>();
        for (String k : allKeys()) {
            out.add("get " + k + " = " + entry(s.get(k)));
            out.add("policy " + k + " = " + text(s.policy(k)));
            out.add("history " + k + " = " + history(s.history(k)));
        }
        List<String> whole = observe(s.at(Long.MAX_VALUE));
        out.addAll(whole.subList(out.size(), whole.size()));
        return out;
    }

    private static List<String> allKeys() {
        List<String> keys = new ArrayList<>(Arrays.asList(KEYS));
        keys.addAll(Arrays.asList(SURROGATE_KEYS));
        return keys;
    }

    private static String entry(WorldState.Entry e) {
        return e == null ? "none" : text(e.value()) + "@" + e.version().block();
    }

    private static String text(byte[] b) {
        return b == null ? "none" : new String(b, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static String history(List<WorldState.Modification> mods) {
        List<String> out = new ArrayList<>();
        for (WorldState.Modification m : mods) {
            out.add(m.txId() + ":" + m.timestamp().getEpochSecond() + ":"
                    + (m.deleted() ? "deleted" : text(m.value())));
        }
        return out.toString();
    }

    /** The ledger's earlier state, kept here as the reference: one ordered map changed in place. */
    private static final class Reference {
        private final NavigableMap<String, WorldState.Entry> current = new TreeMap<>(Utf8Order.INSTANCE);
        private final Map<String, List<WorldState.Modification>> history = new HashMap<>();
        private final Map<String, byte[]> policies = new HashMap<>();

        void apply(String key, byte[] value, Version version, String txId, Instant timestamp) {
            if (value == null) {
                current.remove(key);
                policies.remove(key);
            } else {
                current.put(key, new WorldState.Entry(value, version));
            }
            history.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(new WorldState.Modification(txId, timestamp, value, value == null));
        }

        void applyPolicy(String key, byte[] policy) {
            if (policy == null || policy.length == 0) {
                policies.remove(key);
            } else {
                policies.put(key, policy.clone());
            }
        }

        NavigableMap<String, WorldState.Entry> range(String start, String end) {
            if (end == null || end.isEmpty()) {
                return current.tailMap(start, true);
            }
            if (Utf8Order.INSTANCE.compare(start, end) >= 0) {
                return Collections.emptyNavigableMap();
            }
            return current.subMap(start, true, end, false);
        }

        List<String> observe() {
            List<String> out = new ArrayList<>();
            for (String k : allKeys()) {
                out.add("get " + k + " = " + entry(current.get(k)));
                out.add("policy " + k + " = " + text(policies.get(k)));
                List<WorldState.Modification> mods = new ArrayList<>(history.getOrDefault(k, List.of()));
                Collections.reverse(mods);
                out.add("history " + k + " = " + history(mods));
            }
            for (String start : BOUNDS) {
                for (String end : BOUNDS) {
                    List<String> keys = new ArrayList<>();
                    range(start, end).forEach((k, v) -> keys.add(k + "=" + entry(v)));
                    out.add("range [" + start + ", " + end + ") = " + keys);
                    // The stub's next-page key before: range(from, end).higherEntry(last key of the page).
                    Map.Entry<String, WorldState.Entry> after =
                            range(start, end).higherEntry(start);
                    out.add("after " + start + " before " + end + " = "
                            + (after == null ? "none" : after.getKey() + "=" + entry(after.getValue())));
                }
            }
            return out;
        }
    }
}
