package org.depa.ledger.model.domain;

/** The SRO's common agreement, identified by version and the SHA-256 of its text. */
public record Agreement(String version, String textSha256, String publishedAt, String publishedTx) {}
