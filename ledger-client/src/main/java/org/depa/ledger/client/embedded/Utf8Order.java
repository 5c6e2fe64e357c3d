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

    @Override
    public int compare(String a, String b) {
        if (isAscii(a) && isAscii(b)) {
            return a.compareTo(b);
        }
        return java.util.Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
