package org.depa.ccr.training;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/** float[] as base64 of little-endian IEEE 754 binary32, the model file's and checkpoint's encoding. */
final class Floats {
    private Floats() {}

    static String encode(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return Base64.getEncoder().encodeToString(b.array());
    }

    static float[] decode(String s) {
        byte[] bytes = Base64.getDecoder().decode(s);
        if (bytes.length % 4 != 0) {
            throw new IllegalArgumentException("float array length is not a multiple of 4 bytes");
        }
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(v);
        return v;
    }
}
