package org.depa.ledger.model.domain;

/** An SEV-SNP launch measurement of the approved training framework, certified by the SRO. */
public record CertifiedMeasurement(
        String measurement,
        String description,
        Tcb minTcb,
        MeasurementStatus status,
        String reason,
        String certifiedAt,
        String updatedAt,
        String updatedTx) {}
