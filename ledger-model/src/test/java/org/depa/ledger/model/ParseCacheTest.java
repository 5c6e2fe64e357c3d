package org.depa.ledger.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.depa.ledger.model.domain.Governance;
import org.depa.ledger.model.domain.RegistryShard;
import org.depa.ledger.model.tx.SignContractRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParseCacheTest {
    /** A record holding a mutable list, as Jackson builds it. */
    record Mutable(String id, List<String> items) {}

    @BeforeEach
    void empty() {
        ParseCache.clear();
    }

    private static byte[] bytes(Object v) {
        return Json.canonical(v);
    }

    @Test
    void theSameBytesGiveTheSameImmutableValueWithoutParsingAgain() {
        byte[] b = bytes(new SignContractRequest("c1", 1, "p1", "AA=="));
        SignContractRequest first = Json.readStored(b, SignContractRequest.class);
        SignContractRequest second = Json.readStored(b.clone(), SignContractRequest.class);
        assertThat(second).isSameAs(first).isEqualTo(Json.read(b, SignContractRequest.class));
        assertThat(ParseCache.size()).isEqualTo(1);
    }

    @Test
    void recordsWithUnmodifiableCollectionsAreShared() {
        RegistryShard shard = RegistryShard.empty().with("p1", new RegistryShard.Entry("VERIFIED", "t"));
        byte[] b = bytes(shard);
        RegistryShard read = Json.readStored(b, RegistryShard.class);
        assertThat(Json.readStored(b, RegistryShard.class)).isSameAs(read);
        assertThatThrownBy(() -> read.entries().put("p2", new RegistryShard.Entry("VERIFIED", "t")))
                .isInstanceOf(UnsupportedOperationException.class);
        Governance g = new Governance("SROMSP", List.of("A", "B"), null, "x", "y", "z");
        assertThat(Json.readStored(bytes(g), Governance.class)).isSameAs(Json.readStored(bytes(g), Governance.class));
    }

    @Test
    void aMutableResultIsParsedAfreshEachTime() {
        byte[] b = bytes(new Mutable("m", new ArrayList<>(List.of("a"))));
        Mutable first = Json.readStored(b, Mutable.class);
        first.items().add("changed by a caller");
        Mutable second = Json.readStored(b, Mutable.class);
        assertThat(second).isNotSameAs(first);
        assertThat(second.items()).containsExactly("a");
        assertThat(ParseCache.size()).isZero();
    }

    @Test
    void failuresAreNotCachedAndKeepTheirMessage() {
        byte[] bad = "{\"contractId\":\"c1\",\"extra\":1}".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> Json.readStored(bad, SignContractRequest.class))
                    .isInstanceOf(LedgerRuleException.class)
                    .hasMessageContaining("unknown field 'extra'");
        }
        assertThat(ParseCache.size()).isZero();
    }

    @Test
    void theTypeIsPartOfTheKey() {
        byte[] b = bytes(Map.of("entries", Map.of()));
        RegistryShard shard = Json.readStored(b, RegistryShard.class);
        assertThat(shard.entries()).isEmpty();
        assertThatThrownBy(() -> Json.readStored(b, SignContractRequest.class)).isInstanceOf(LedgerRuleException.class);
    }

    @Test
    void itStaysBounded() {
        for (int i = 0; i < ParseCache.MAX_ENTRIES * 2 + 3; i++) {
            Json.readStored(bytes(new SignContractRequest("c" + i, i, "p", "AA==")), SignContractRequest.class);
            assertThat(ParseCache.size()).isLessThanOrEqualTo(ParseCache.MAX_ENTRIES);
        }
    }

    @Test
    void aCallerChangingItsArrayAfterwardsChangesNothingKept() {
        byte[] a = bytes(new SignContractRequest("c1", 1, "p1", "AA=="));
        byte[] original = a.clone();
        SignContractRequest first = Json.readStored(a, SignContractRequest.class);
        byte[] other = bytes(new SignContractRequest("c2", 1, "p1", "AA=="));
        System.arraycopy(other, 0, a, 0, a.length); // same length, one character differs
        assertThat(Json.readStored(a, SignContractRequest.class).contractId()).isEqualTo("c2");
        assertThat(Json.readStored(original, SignContractRequest.class)).isSameAs(first);
    }

    @Test
    void randomReadsEqualAFreshParseEveryTime() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(14);
        List<byte[]> pool = new ArrayList<>();
        for (int i = 0; i < ParseCache.MAX_ENTRIES + 200; i++) {
            // Documents that differ in one character anywhere: in an eight-byte block or in the tail.
            String id = "c" + "x".repeat(random.nextInt(20)) + (char) ('a' + random.nextInt(26)) + i;
            pool.add(bytes(new SignContractRequest(id, random.nextInt(5), "p" + random.nextInt(3), "AA==")));
        }
        // Different invalid UTF-8 bytes that decode to the same text (U+FFFD) are different keys.
        pool.add("{\"contractId\":\"\u00ff\",\"version\":1,\"participantId\":\"p\",\"signature\":\"AA==\"}"
                .getBytes(StandardCharsets.ISO_8859_1));
        pool.add("{\"contractId\":\"\u00fe\",\"version\":1,\"participantId\":\"p\",\"signature\":\"AA==\"}"
                .getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < 20_000; i++) {
            byte[] b = pool.get(random.nextInt(pool.size())).clone();
            assertThat(Json.readStored(b, SignContractRequest.class))
                    .isEqualTo(Json.read(b, SignContractRequest.class));
        }
        assertThat(ParseCache.size()).isLessThanOrEqualTo(ParseCache.MAX_ENTRIES);
    }
}
