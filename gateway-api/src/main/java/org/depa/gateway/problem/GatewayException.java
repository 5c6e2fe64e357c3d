package org.depa.gateway.problem;

import java.util.Objects;

/** A refusal by the gateway itself, rendered as problem+json with {@link #code()}. */
public final class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final GatewayCode code;

    public GatewayException(GatewayCode code, String message) {
        super(Objects.requireNonNull(message, "message"));
        this.code = Objects.requireNonNull(code, "code");
    }

    public GatewayCode code() {
        return code;
    }
}
