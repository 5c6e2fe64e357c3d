package org.depa.ledger.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.tx.SignContractRequest;
import org.junit.jupiter.api.Test;

/**
 * Property tests: the direct canonical writer gives byte for byte what the RFC 8785 library gives
 * for Jackson's printed text, over random documents (strings with control characters, quotes,
 * non-ASCII, surrogate pairs and lone surrogates; integers, longs past 2^53, doubles from random
 * bits, floats, big numbers, decimals, booleans, nulls; nested objects and arrays; member names
 * that differ only past the BMP), over random Jackson trees, and over domain records.
 */
class CanonicalWriterTest {
    private static final int DOCUMENTS = 3000;

    private static void sameAsLibrary(Object value) throws Exception {
        byte[] library = Json.canonicalViaLibrary(value);
        assertThat(Json.canonical(value))
                .as(() -> new String(library, StandardCharsets.UTF_8))
                .isEqualTo(library);
    }

    @Test
    void randomDocumentsMatchTheLibrary() throws Exception {
        Random random = new Random(8785);
        int direct = 0;
        for (int i = 0; i < DOCUMENTS; i++) {
            Map<String, Object> doc = object(random, 0);
            sameAsLibrary(doc);
            if (CanonicalWriter.write(Json.mapper(), doc) != null) {
                direct++;
            }
        }
        // NaN and infinities go through the library; nearly everything else is written directly.
        assertThat(direct).isGreaterThan(DOCUMENTS / 2);
    }

    @Test
    void randomTreesMatchTheLibrary() throws Exception {
        Random random = new Random(1);
        for (int i = 0; i < DOCUMENTS; i++) {
            sameAsLibrary(Json.mapper().valueToTree(object(random, 0)));
            ObjectNode node = JsonNodeFactory.instance.objectNode();
            node.put("f", random.nextFloat() * 1000);
            node.put("d", new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(40) - 20));
            node.put("i", new BigInteger(130, random));
            node.put(string(random), random.nextDouble());
            sameAsLibrary(node);
        }
    }

    @Test
    void recordsMatchTheLibraryAndUseTheDirectPath() throws Exception {
        Random random = new Random(2);
        for (int i = 0; i < 500; i++) {
            TreeMap<String, BigDecimal> metrics = new TreeMap<>();
            metrics.put(string(random), new BigDecimal(BigInteger.valueOf(random.nextLong()), random.nextInt(10)));
            Object[] values = {
                new SignContractRequest(string(random), random.nextInt(), string(random), string(random)),
                new ReceiptBody(
                        string(random),
                        string(random),
                        string(random),
                        List.of(new ReceiptDataset(
                                string(random), string(random), BigDecimal.valueOf(random.nextLong(), 3))),
                        metrics,
                        string(random)),
                new PrivacyBudget(
                        string(random),
                        new BigDecimal("1E+2"),
                        new BigDecimal("1E-5"),
                        new BigDecimal("0.50"),
                        BigDecimal.ZERO,
                        string(random),
                        string(random))
            };
            for (Object v : values) {
                sameAsLibrary(v);
                assertThat(CanonicalWriter.write(Json.mapper(), v)).isNotNull();
            }
        }
    }

    @Test
    void edgeCasesMatchTheLibrary() throws Exception {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("\uD83D\uDE00", 1); // after U+FFFF in code points, before it in UTF-16 units
        m.put("\uFFFF", 2);
        m.put("", List.of());
        m.put("nested", Map.of());
        m.put("neg0", -0.0d);
        m.put("big", Long.MAX_VALUE);
        m.put("small", 1e-7);
        m.put("large", 1e21);
        m.put("ctl", "\u0000\u001f\u007f\b\f\n\r\t\"\\/");
        m.put("lone", "a\uD800b\uDC00");
        m.put("nan", Double.NaN);
        sameAsLibrary(m);
        sameAsLibrary(List.of(1, "x", Map.of("b", 1, "a", 2)));
    }

    @Test
    void wideObjectsSmallNumbersAndBinaryMatchTheLibrary() throws Exception {
        Random random = new Random(3);
        for (int i = 0; i < 1000; i++) {
            // Up to 60 members (past the insertion sort's 24), names from a small alphabet so that
            // many share prefixes and differ only in UTF-16 order against code point order.
            Map<String, Object> m = new LinkedHashMap<>();
            int n = random.nextInt(60);
            for (int j = 0; j < n; j++) {
                StringBuilder name = new StringBuilder();
                for (int k = random.nextInt(4); k >= 0; k--) {
                    name.append(
                            new String[] {"a", "b", "\uFFFF", "\uD83D\uDE00", "\u00e9", "\u0000"}[random.nextInt(6)]);
                }
                m.put(
                        name.toString(),
                        switch (random.nextInt(4)) {
                            case 0 -> (short) random.nextInt();
                            case 1 -> (byte) random.nextInt();
                            case 2 -> random.nextFloat();
                            default -> value(random, 2);
                        });
            }
            sameAsLibrary(m);
            sameAsLibrary(Json.mapper().valueToTree(m));
        }
        // Binary is written by Jackson as Base64 text; the direct path leaves it to the library.
        Map<String, Object> binary = Map.of("bin", new byte[] {1, 2, 3}, "x", 1);
        sameAsLibrary(binary);
        assertThat(CanonicalWriter.write(Json.mapper(), binary)).isNull();
        assertThat(CanonicalWriter.write(Json.mapper(), List.of(1, 2))).isNotNull();
        assertThat(CanonicalWriter.write(Json.mapper(), "a scalar root")).isNull();
    }

    private static Map<String, Object> object(Random r, int depth) {
        Map<String, Object> m = new LinkedHashMap<>();
        int n = r.nextInt(depth == 0 ? 8 : 5);
        for (int i = 0; i < n; i++) {
            m.put(string(r), value(r, depth + 1));
        }
        return m;
    }

    private static Object value(Random r, int depth) {
        int kind = r.nextInt(depth > 3 ? 11 : 13);
        return switch (kind) {
            case 0 -> string(r);
            case 1 -> r.nextInt();
            case 2 -> r.nextLong();
            case 3 -> Double.longBitsToDouble(r.nextLong());
            case 4 -> r.nextDouble() * Math.pow(10, r.nextInt(60) - 30);
            case 5 -> Float.intBitsToFloat(r.nextInt());
            case 6 -> new BigDecimal(BigInteger.valueOf(r.nextLong()), r.nextInt(30) - 15);
            case 7 -> new BigInteger(r.nextInt(100) + 1, r);
            case 8 -> r.nextBoolean();
            case 9 -> null;
            case 10 -> (long) r.nextInt(1000);
            case 11 -> object(r, depth);
            default -> {
                List<Object> list = new ArrayList<>();
                int n = r.nextInt(5);
                for (int i = 0; i < n; i++) {
                    list.add(value(r, depth + 1));
                }
                yield list;
            }
        };
    }

    private static String string(Random r) {
        int n = r.nextInt(12);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            switch (r.nextInt(8)) {
                case 0 -> b.append((char) r.nextInt(0x20));
                case 1 -> b.append("\"\\/".charAt(r.nextInt(3)));
                case 2 -> b.append((char) (0x80 + r.nextInt(0x780)));
                case 3 -> b.appendCodePoint(0x10000 + r.nextInt(0xFFFFF));
                case 4 -> b.append((char) (0xD800 + r.nextInt(0x800))); // lone surrogate
                case 5 -> b.append((char) (0xE000 + r.nextInt(0x2000)));
                default -> b.append((char) ('a' + r.nextInt(4)));
            }
        }
        return b.toString();
    }
}
