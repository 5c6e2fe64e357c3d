package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.ledger.testing.Refusals.refused;
import static org.depa.ledger.testing.World.json;

import java.util.Locale;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.domain.CertifiedMeasurement;
import org.depa.ledger.model.domain.LedgerEvent;
import org.depa.ledger.model.domain.MeasurementStatus;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.PageRequest;
import org.depa.ledger.model.tx.RevokeMeasurementRequest;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** measurements:* — the SRO certifies and revokes clean-room images; revocation stops runs and key releases at once. */
class MeasurementTransactionsTest {
    private static final String M = World.MEASUREMENT;
    private static final String OTHER = World.OTHER_MEASUREMENT;
    private static final Tcb TCB = new Tcb(3, 0, 8, 115);

    private Scenario s;
    private World w;

    @BeforeEach
    void setUp() {
        s = new Scenario();
        w = s.w;
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    private CertifiedMeasurement certify(LedgerClient client, CertifyMeasurementRequest r) {
        return Json.read(client.submit(Measurements.CERTIFY.name(), json(r)), CertifiedMeasurement.class);
    }

    private CertifiedMeasurement revoke(LedgerClient client, String measurement, String reason) {
        return Json.read(
                client.submit(Measurements.REVOKE.name(), json(new RevokeMeasurementRequest(measurement, reason))),
                CertifiedMeasurement.class);
    }

    private CertifiedMeasurement get(String measurement) {
        return w.sroLedger().evaluate(Measurements.GET, measurement);
    }

    @Nested
    class Certify {
        @Test
        void theSroCertifiesAndUpperCaseHexIsNormalised() {
            CertifiedMeasurement m =
                    certify(w.sro, new CertifyMeasurementRequest(OTHER.toUpperCase(Locale.ROOT), "v2 image", TCB));
            assertThat(m.measurement()).isEqualTo(OTHER);
            assertThat(m.status()).isEqualTo(MeasurementStatus.CERTIFIED);
            assertThat(m.minTcb()).isEqualTo(TCB);
            assertThat(get(OTHER)).isEqualTo(m);
            LedgerEvent e = w.lastEvent();
            assertThat(e.type()).isEqualTo("MeasurementCertified");
            assertThat(e.objectId()).isEqualTo(OTHER);
        }

        @Test
        void refusesANonSroSubmitter() {
            w.refuse(
                    ErrorCode.NOT_SRO,
                    () -> certify(s.ccr.client(), new CertifyMeasurementRequest(OTHER, "mine", TCB)));
            refused(ErrorCode.NOT_FOUND, () -> get(OTHER));
        }

        @Test
        void refusesCertifyingTwiceButReCertifiesARevokedImage() {
            String before = w.raw(Measurements.GET.name(), M);
            w.refuse(ErrorCode.ALREADY_EXISTS, () -> certify(w.sro, new CertifyMeasurementRequest(M, "again", TCB)));
            assertThat(w.raw(Measurements.GET.name(), M)).isEqualTo(before);
            revoke(w.sro, M, "bug");
            assertThat(certify(w.sro, new CertifyMeasurementRequest(M, "fixed", TCB))
                            .status())
                    .isEqualTo(MeasurementStatus.CERTIFIED);
        }

        @Test
        void refusesInvalidFieldsNamingThem() {
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> certify(
                                            w.sro, new CertifyMeasurementRequest(OTHER.substring(2), "short", TCB)))
                            .getMessage())
                    .contains("'measurement'");
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> certify(w.sro, new CertifyMeasurementRequest("z".repeat(96), "not hex", TCB)))
                            .getMessage())
                    .contains("'measurement'");
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> certify(
                                            w.sro,
                                            new CertifyMeasurementRequest(OTHER, "tcb", new Tcb(3, 0, 256, 115))))
                            .getMessage())
                    .contains("minTcb.snp");
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> certify(w.sro, new CertifyMeasurementRequest(OTHER, "tcb", null)))
                            .getMessage())
                    .contains("'minTcb'");
            assertThat(w.refuse(
                                    ErrorCode.MALFORMED_REQUEST,
                                    () -> w.sro.submit(
                                            Measurements.CERTIFY.name(),
                                            "{\"measurement\":\"" + OTHER
                                                    + "\",\"description\":\"d\",\"minTcb\":{\"bootloader\":3,"
                                                    + "\"tee\":0,\"snp\":8,\"microcode\":115,\"fmc\":1}}"))
                            .getMessage())
                    .contains("minTcb.fmc");
            assertThat(w.refuse(
                                    ErrorCode.MALFORMED_REQUEST,
                                    () -> w.sro.submit(
                                            Measurements.CERTIFY.name(),
                                            "{\"measurement\":\"" + OTHER
                                                    + "\",\"description\":\"d\",\"minTcb\":{\"bootloader\":3.5,"
                                                    + "\"tee\":0,\"snp\":8,\"microcode\":115}}"))
                            .getMessage())
                    .contains("minTcb.bootloader");
        }
    }

    @Nested
    class Revoke {
        @Test
        void theSroRevokesAndNewContractsAndRunsStopAtOnce() {
            s.active("c1", "1");
            s.active("c2", "1", Scenario.COWIN_DATA);
            s.startRun("c2", "r2");
            CertifiedMeasurement m = revoke(w.sro, M, "CVE-2026-0001");
            assertThat(m.status()).isEqualTo(MeasurementStatus.REVOKED);
            assertThat(m.reason()).isEqualTo("CVE-2026-0001");
            assertThat(w.lastEvent().type()).isEqualTo("MeasurementRevoked");

            w.refuse(ErrorCode.MEASUREMENT_NOT_CERTIFIED, () -> s.draft("c3", "1"));
            w.refuse(ErrorCode.MEASUREMENT_NOT_CERTIFIED, () -> s.startRun("c1", "r1"));
            w.refuse(ErrorCode.MEASUREMENT_NOT_CERTIFIED, () -> s.release(s.cowin, "r2", Scenario.COWIN_DATA));
        }

        @Test
        void refusesANonSroSubmitter() {
            w.refuse(ErrorCode.NOT_SRO, () -> revoke(s.tdc.client(), M, "competitor"));
            assertThat(get(M).status()).isEqualTo(MeasurementStatus.CERTIFIED);
        }

        @Test
        void refusesRevokingTwiceUnknownOrWithoutReason() {
            assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> revoke(w.sro, M, null))
                            .getMessage())
                    .contains("'reason'");
            w.refuse(ErrorCode.NOT_FOUND, () -> revoke(w.sro, OTHER, "never certified"));
            revoke(w.sro, M, "bug");
            String before = w.raw(Measurements.GET.name(), M);
            w.refuse(ErrorCode.INVALID_STATE, () -> revoke(w.sro, M, "again"));
            assertThat(w.raw(Measurements.GET.name(), M)).isEqualTo(before);
        }
    }

    @Nested
    class Queries {
        @Test
        void getAndListReturnCertifiedAndRevokedMeasurements() {
            certify(w.sro, new CertifyMeasurementRequest(OTHER, "v2", TCB));
            revoke(w.sro, M, "bug");
            Page<CertifiedMeasurement> page = w.sroLedger().evaluate(Measurements.LIST, new PageRequest(10, null));
            assertThat(page.items())
                    .extracting(CertifiedMeasurement::measurement, CertifiedMeasurement::status)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(M, MeasurementStatus.REVOKED),
                            org.assertj.core.groups.Tuple.tuple(OTHER, MeasurementStatus.CERTIFIED));
            assertThat(get(M.toUpperCase(Locale.ROOT)).measurement()).isEqualTo(M);
        }

        @Test
        void refusesUnknownAndInvalidMeasurements() {
            refused(ErrorCode.NOT_FOUND, () -> get(OTHER));
            refused(ErrorCode.INVALID_ARGUMENT, () -> get("abc"));
            refused(
                    ErrorCode.INVALID_ARGUMENT,
                    () -> w.sro.evaluate(Measurements.LIST.name(), json(new PageRequest(-1, null))));
        }
    }
}
