package org.depa.ledger.client.embedded;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;

/**
 * Orders keys by their UTF-8 bytes, as LevelDB does. Java's String order (UTF-16 code units)
 * differs for characters above U+FFFF, which composite-key range ends use.
 */
final class Utf8Order implements Comparator<String> {
    static final Utf8Order INSTANCE = new Utf8Order();

    private Utf8Order() {}

    /**
     * Every world-state read and write goes through this comparison (a TreeMap), so it avoids
     * encoding: up to the first differing character, equal characters below the surrogate range
     * encode to equal bytes, and two differing characters below it encode in the order of their
     * values (UTF-8 preserves code point order and no encoding is a prefix of another). A surrogate
     * in the shared part or at the difference takes the encoding path, so pairs and lone surrogates
     * (which Java encodes as '?') order exactly as their bytes do.
     */
    @Override
    public int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x >= Character.MIN_SURROGATE || y >= Character.MIN_SURROGATE) {
                return byBytes(a, b);
            }
            if (x != y) {
                return x - y;
            }
        }
        if (a.length() != b.length()) {
            // The shorter is a prefix of the longer: fewer characters, fewer bytes, unless the
            // rest starts with a surrogate ('?' is still one byte more, so the order holds).
            return a.length() - b.length();
        }
        return 0;
    }

    private static int byBytes(String a, String b) {
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
