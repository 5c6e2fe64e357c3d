package org.depa.ledger.model.tx;

import org.depa.ledger.model.domain.Tcb;

/** measurements:certify, SRO only. */
public record CertifyMeasurementRequest(String measurement, String description, Tcb minTcb) {}
