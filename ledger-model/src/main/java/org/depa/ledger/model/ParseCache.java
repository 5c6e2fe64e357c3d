package org.depa.ledger.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed world-state values by (type, exact bytes), so the same stored bytes read again (a
 * participant's record in each of its transactions, the governance record, a registry shard) are
 * not parsed again. Only deeply immutable results are kept: records whose components are strings,
 * numbers, booleans, enums, unmodifiable lists or maps of such values or such records. A mutable
 * result (a record holding an {@code ArrayList}) is parsed every time, so no caller can change
 * what another caller reads. Parsing is a pure function of the bytes, so a hit returns a value
 * equal to what parsing would return, and failures are never cached (they are parsed and thrown
 * again). A look-up neither decodes nor copies the bytes: it hashes them eight at a time and
 * compares them whole with the kept copy; only a miss decodes and parses. Bounded: at most {@link
 * #MAX_ENTRIES} values of at most {@link #MAX_BYTES} bytes; when full, it is emptied.
 */
final class ParseCache {
    static final int MAX_ENTRIES = 512;
    static final int MAX_BYTES = 8 * 1024;

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** The parsed type and a private copy of the bytes (a look-up key holds the caller's array). */
    private static final class Key {
        private final Class<?> type;
        private final byte[] bytes;
        private final int hash;

        Key(Class<?> type, byte[] bytes, int hash) {
            this.type = type;
            this.bytes = bytes;
            this.hash = hash;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.hash == hash && k.type == type && Arrays.equals(k.bytes, bytes);
        }
    }

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

    static <T> T read(byte[] bytes, Class<T> type) {
        if (bytes == null || bytes.length > MAX_BYTES) {
            return Json.read(bytes, type);
        }
        int hash = hash(bytes) * 31 + type.hashCode();
        Object hit = VALUES.get(new Key(type, bytes, hash));
        if (hit != null) {
            return type.cast(hit);
        }
        T value = Json.read(bytes, type);
        if (immutable(value, 0)) {
            if (VALUES.size() >= MAX_ENTRIES) {
                VALUES.clear();
            }
            VALUES.put(new Key(type, bytes.clone(), hash), value);
        }
        return value;
    }

    /** A hash of the bytes, eight at a time (equality is always checked on the whole array). */
    static int hash(byte[] b) {
        long h = b.length;
        int i = 0;
        for (; i + 8 <= b.length; i += 8) {
            h = (h ^ (long) LONGS.get(b, i)) * 0x9E3779B97F4A7C15L;
            h ^= h >>> 29;
        }
        for (; i < b.length; i++) {
            h = (h ^ b[i]) * 0x9E3779B97F4A7C15L;
        }
        h ^= h >>> 32;
        return (int) h;
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
