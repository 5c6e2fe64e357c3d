package org.depa.ledger.model;

import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed world-state values by (type, exact text), so the same stored bytes read again (a
 * participant's record in each of its transactions, the governance record, a registry shard) are
 * not parsed again. Only deeply immutable results are kept: records whose components are strings,
 * numbers, booleans, enums, unmodifiable lists or maps of such values or such records. A mutable
 * result (a record holding an {@code ArrayList}) is parsed every time, so no caller can change
 * what another caller reads. Parsing is a pure function of the text, so a hit returns a value
 * equal to what parsing would return, and failures are never cached (they are parsed and thrown
 * again). Bounded: at most {@link #MAX_ENTRIES} texts of at most {@link #MAX_CHARS} characters;
 * when full, it is emptied.
 */
final class ParseCache {
    static final int MAX_ENTRIES = 512;
    static final int MAX_CHARS = 8 * 1024;

    private record Key(Class<?> type, String text) {}

    private static final ConcurrentHashMap<Key, Object> VALUES = new ConcurrentHashMap<>();

    private static final ClassValue<Method[]> ACCESSORS = new ClassValue<>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            Method[] out = new Method[components.length];
            for (int i = 0; i < components.length; i++) {
                out[i] = components[i].getAccessor();
            }
            return out;
        }
    };

    private ParseCache() {}

    static <T> T read(String text, Class<T> type) {
        if (text == null || text.length() > MAX_CHARS) {
            return Json.read(text, type);
        }
        Key key = new Key(type, text);
        Object hit = VALUES.get(key);
        if (hit != null) {
            return type.cast(hit);
        }
        T value = Json.read(text, type);
        if (immutable(value, 0)) {
            if (VALUES.size() >= MAX_ENTRIES) {
                VALUES.clear();
            }
            VALUES.put(key, value);
        }
        return value;
    }

    static void clear() {
        VALUES.clear();
    }

    static int size() {
        return VALUES.size();
    }

    /** True if nothing reachable from {@code v} can be changed by a caller. */
    static boolean immutable(Object v, int depth) {
        if (depth > 16) {
            return false;
        }
        if (v == null
                || v instanceof String
                || v instanceof Boolean
                || v instanceof Integer
                || v instanceof Long
                || v instanceof Short
                || v instanceof Byte
                || v instanceof Character
                || v instanceof Double
                || v instanceof Float
                || v instanceof Enum<?>
                || v.getClass() == BigDecimal.class
                || v.getClass() == BigInteger.class) {
            return true;
        }
        Class<?> c = v.getClass();
        if (c.isRecord()) {
            try {
                for (Method m : ACCESSORS.get(c)) {
                    if (!immutable(m.invoke(v), depth + 1)) {
                        return false;
                    }
                }
                return true;
            } catch (ReflectiveOperationException | RuntimeException e) {
                return false;
            }
        }
        if (!unmodifiable(c)) {
            return false;
        }
        if (v instanceof Collection<?> items) {
            for (Object item : items) {
                if (!immutable(item, depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        if (v instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                if (!immutable(e.getKey(), depth + 1) || !immutable(e.getValue(), depth + 1)) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** The JDK's unmodifiable collections: List.of/copyOf, and Collections.unmodifiable* views. */
    private static boolean unmodifiable(Class<?> c) {
        String name = c.getName();
        return name.startsWith("java.util.ImmutableCollections$")
                || name.startsWith("java.util.Collections$Unmodifiable");
    }
}
