package org.depa.kms.protocol;

import java.util.Base64;

/** Base64 variants used on the wire, with errors that name the field. */
final class Codec {
    private Codec() {}

    static byte[] base64Url(String text, String field) {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " is not base64url", e);
        }
    }

    static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
