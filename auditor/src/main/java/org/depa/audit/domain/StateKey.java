package org.depa.audit.domain;

import java.util.ArrayList;
import java.util.List;

/**
 * A Fabric composite key as the chaincode builds it: U+0000, the object type, U+0000, then each
 * id followed by U+0000. Keys of another shape (none in this chaincode) are not domain objects.
 */
record StateKey(String type, List<String> ids) {
    private static final char DELIMITER = '\u0000';

    /** The key's type and ids, or null when {@code key} is not a composite key. */
    static StateKey parse(String key) {
        if (key.length() < 2 || key.charAt(0) != DELIMITER || key.charAt(key.length() - 1) != DELIMITER) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        int from = 1;
        for (int i = 1; i < key.length(); i++) {
            if (key.charAt(i) == DELIMITER) {
                parts.add(key.substring(from, i));
                from = i + 1;
            }
        }
        return new StateKey(parts.get(0), List.copyOf(parts.subList(1, parts.size())));
    }

    String id(int i) {
        return i < ids.size() ? ids.get(i) : "";
    }

    @Override
    public String toString() {
        return type + " " + String.join("/", ids);
    }
}
