package org.depa.ledger.model.domain;

import java.math.BigDecimal;

/** Epsilon a contract holds on one dataset's budget while ACTIVE. */
public record Reservation(String datasetId, BigDecimal epsilon) {}
