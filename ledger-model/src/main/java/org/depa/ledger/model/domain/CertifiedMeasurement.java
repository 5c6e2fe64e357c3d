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
        String updatedTx) {
    /** This measurement revoked by the SRO for {@code newReason}. */
    public CertifiedMeasurement revoked(String newReason, String at, String tx) {
        return new CertifiedMeasurement(
                measurement, description, minTcb, MeasurementStatus.REVOKED, newReason, certifiedAt, at, tx);
    }
}
