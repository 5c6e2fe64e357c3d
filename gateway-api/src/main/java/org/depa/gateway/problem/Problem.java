package org.depa.gateway.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An RFC 9457 problem detail with the extension member {@code code}: the ledger's ErrorCode name
 * or a {@link GatewayCode} name, stable for clients to branch on.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String code, String txId) {}
