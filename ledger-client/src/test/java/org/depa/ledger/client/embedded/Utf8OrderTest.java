package org.depa.ledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The key order must be exactly the order of the keys' UTF-8 bytes (what Fabric's LevelDB uses):
 * the comparison's fast path is checked against encoding both keys, on random keys built to hit
 * every branch (shared prefixes, one key a prefix of the other, surrogate pairs, lone surrogates,
 * characters on both sides of the surrogate range, the composite-key delimiter U+0000).
 */
class Utf8OrderTest {
    private static final char[] ALPHABET = {
        '\u0000', 'a', 'b', 'z', '~', '\u007f', '\u0080', '\u00e9', '\u07ff', '\u0800', '\ud7ff', '\ud800', '\udbff',
        '\udc00', '\udfff', '\ue000', '\uffff', '?'
    };

    @Test
    void ordersAsTheUtf8BytesDoOnRandomKeys() {
        SplittableRandom random = new SplittableRandom(20261205L);
        int checked = 0;
        for (int i = 0; i < 100_000; i++) {
            String a = randomKey(random);
            String b = random.nextInt(3) == 0 ? a + randomKey(random) : mutate(a, random);
            for (String[] pair : new String[][] {{a, b}, {b, a}}) {
                int expected = Integer.signum(byBytes(pair[0], pair[1]));
                int actual = Integer.signum(Utf8Order.INSTANCE.compare(pair[0], pair[1]));
                if (actual != expected) {
                    assertThat(actual)
                            .as("compare(%s, %s)", escape(pair[0]), escape(pair[1]))
                            .isEqualTo(expected);
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(200_000);
    }

    @Test
    void theCasesJavaStringOrderGetsWrong() {
        String supplementary = new String(Character.toChars(0x1F600)); // UTF-16 D83D DE00, UTF-8 F0 9F 98 80
        for (List<String> pair : List.of(
                List.of("\ue000", supplementary), // U+E000 < U+1F600, though 0xE000 > 0xD83D in UTF-16
                List.of("k\u0000\ufffd", "k\u0000" + supplementary),
                List.of("a", "a\u0000"),
                List.of("", "\u0000"),
                List.of("x\ud800", "x\ud800a"), // lone surrogates encode as '?'
                List.of("x?", "x\ud800b"))) {
            String lower = pair.get(0);
            String higher = pair.get(1);
            assertThat(byBytes(lower, higher)).isNegative();
            assertThat(Utf8Order.INSTANCE.compare(lower, higher)).isNegative();
            assertThat(Utf8Order.INSTANCE.compare(higher, lower)).isPositive();
        }
        assertThat(Utf8Order.INSTANCE.compare("x\ud800", "x?")).isZero(); // equal bytes, as LevelDB sees them
        assertThat(Utf8Order.INSTANCE.compare("\u0000contract\u0000c-1\u0000", "\u0000contract\u0000c-1\u0000"))
                .isZero();
    }

    private static String randomKey(SplittableRandom random) {
        int length = random.nextInt(8);
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return b.toString();
    }

    private static String mutate(String a, SplittableRandom random) {
        if (a.isEmpty()) {
            return randomKey(random);
        }
        char[] chars = a.toCharArray();
        chars[random.nextInt(chars.length)] = ALPHABET[random.nextInt(ALPHABET.length)];
        String mutated = new String(chars);
        return random.nextBoolean() ? mutated : mutated.substring(0, random.nextInt(mutated.length() + 1));
    }

    private static int byBytes(String a, String b) {
        return Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}
