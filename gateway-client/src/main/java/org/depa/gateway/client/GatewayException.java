package org.depa.gateway.client;

/** The gateway answered with a problem (4xx/5xx): {@link #code()} is its stable code. */
public final class GatewayException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String body;

    public GatewayException(int status, String code, String detail, String body) {
        super(detail == null ? "HTTP " + status : detail);
        this.status = status;
        this.code = code == null ? "HTTP_" + status : code;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The problem document as the gateway sent it. */
    public String body() {
        return body;
    }
}
