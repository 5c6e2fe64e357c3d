package org.depa.ledger.model.tx;

public record RevokeMeasurementRequest(String measurement, String reason) {}
