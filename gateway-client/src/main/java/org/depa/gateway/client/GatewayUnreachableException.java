package org.depa.gateway.client;

/** The gateway could not be reached (connection refused, TLS handshake failed, timed out). */
public final class GatewayUnreachableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public GatewayUnreachableException(String message, Throwable cause) {
        super(message, cause);
    }
}
