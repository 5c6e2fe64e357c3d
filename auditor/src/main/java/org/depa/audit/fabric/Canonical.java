package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.List;
import java.util.Map;

/**
 * Whether a message was encoded canonically: re-marshalling it gives back the exact bytes it was
 * parsed from, and it carries no field unknown to Fabric's schema. A duplicated field (protobuf
 * keeps the last one), reordered or padded fields, or an appended unknown field all fail: they
 * are how a spliced envelope shows one content to one parser and another to the next.
 */
final class Canonical {
    private Canonical() {}

    /** Null when {@code parsed} (from {@code bytes}) is canonical, otherwise why not. */
    static String problem(String what, Message parsed, ByteString bytes) {
        if (!parsed.toByteString().equals(bytes)) {
            return what + " does not re-marshal to the bytes on the ledger (a duplicated, reordered or padded field)";
        }
        String unknown = unknownField(parsed);
        return unknown == null ? null : what + " carries " + unknown;
    }

    private static String unknownField(Message m) {
        if (!m.getUnknownFields().asMap().isEmpty()) {
            return "an unknown field " + m.getUnknownFields().asMap().keySet() + " in "
                    + m.getDescriptorForType().getName();
        }
        for (Map.Entry<FieldDescriptor, Object> f : m.getAllFields().entrySet()) {
            if (f.getKey().getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                continue;
            }
            if (f.getValue() instanceof List<?> list) {
                for (Object o : list) {
                    String u = unknownField((Message) o);
                    if (u != null) {
                        return u;
                    }
                }
            } else {
                String u = unknownField((Message) f.getValue());
                if (u != null) {
                    return u;
                }
            }
        }
        return null;
    }
}
