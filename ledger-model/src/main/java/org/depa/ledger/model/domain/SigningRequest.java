package org.depa.ledger.model.domain;

/**
 * What a party needs to sign a contract version offline: the payload bytes (base64) and, for
 * a person, the same bytes as text.
 */
public record SigningRequest(
        String contractId, int version, String documentSha256, String payloadBase64, String payloadText) {}
