package org.depa.gateway.problem;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Request bodies are UTF-8, checked strictly before they become a String: a malformed byte sequence, or a body
 * that declares another charset, is 400 INVALID_ENCODING. JAX-RS would otherwise decode with replacement
 * characters and the ledger would store text the caller never sent.
 */
@Provider
public class StrictUtf8 implements ReaderInterceptor {
    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (context.getType() != String.class) {
            return context.proceed();
        }
        MediaType type = context.getMediaType();
        String charset = type == null ? null : type.getParameters().get(MediaType.CHARSET_PARAMETER);
        if (charset != null && !charset.equalsIgnoreCase("UTF-8") && !charset.equalsIgnoreCase("utf8")) {
            throw new GatewayException(
                    GatewayCode.INVALID_ENCODING, "request bodies are UTF-8; charset '" + charset + "' is refused");
        }
        byte[] body = context.getInputStream().readAllBytes();
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw new GatewayException(
                    GatewayCode.INVALID_ENCODING, "the request body is not valid UTF-8 (byte sequence refused)");
        }
        context.setInputStream(new ByteArrayInputStream(body));
        return context.proceed();
    }
}
