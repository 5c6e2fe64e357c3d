package org.depa.ledger.model.catalogue;

import org.depa.ledger.model.domain.CertifiedMeasurement;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.PageRequest;
import org.depa.ledger.model.tx.RevokeMeasurementRequest;

/** Clean-room images the SRO certified, by launch measurement. */
public final class Measurements {
    private static final Area AREA = new Area("measurements");

    public static final Tx<CertifyMeasurementRequest, CertifiedMeasurement> CERTIFY =
            AREA.submit("certify", CertifyMeasurementRequest.class, CertifiedMeasurement.class);

    public static final Tx<RevokeMeasurementRequest, CertifiedMeasurement> REVOKE =
            AREA.submit("revoke", RevokeMeasurementRequest.class, CertifiedMeasurement.class);

    /** By the measurement's hex (48 bytes). */
    public static final Tx<String, CertifiedMeasurement> GET = AREA.byId("get", CertifiedMeasurement.class);

    public static final Tx<PageRequest, Page<CertifiedMeasurement>> LIST =
            AREA.query("list", PageRequest.class, ResultType.pageOf(CertifiedMeasurement.class));

    private Measurements() {}
}
