package org.depa.ledger.model.domain;

/**
 * How a contract pays. Each dataset clause names its amount; {@code dataPrincipalShareBps} of
 * every TDP's amount (in basis points, rounded down) is set aside for the data principals.
 */
public record PaymentTerms(String currency, Integer dataPrincipalShareBps) {}
