package org.depa.ledger.chaincode;

import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.catalogue.EventType;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.domain.CertifiedMeasurement;
import org.depa.ledger.model.domain.MeasurementStatus;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/** SEV-SNP launch measurements of the approved training framework, certified by the SRO. */
@Contract(name = "measurements", info = @Info(title = "DEPA certified clean-room images", version = "1"))
public final class MeasurementTransactions extends DepaTransactions {

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String certify(DepaContext ctx, String json) {
        return TxRunner.run(Measurements.CERTIFY, json, request -> {
            Guard.requireSro(ctx, "certify clean-room measurements");
            CertifyMeasurementRequest r = Requests.measurement(request);
            // The registry, not the record, says whether it is certified (a record left by an older
            // chaincode, or created without the SRO, is certified afresh).
            if (Governing.entry(ctx, Governing.MEASUREMENTS, r.measurement())
                    .filter(e -> e.status().equals(MeasurementStatus.CERTIFIED.name()))
                    .isPresent()) {
                throw new LedgerRuleException(
                        ErrorCode.ALREADY_EXISTS, "measurement " + r.measurement() + " is already certified");
            }
            CertifiedMeasurement m = new CertifiedMeasurement(
                    r.measurement(),
                    r.description(),
                    r.minTcb(),
                    MeasurementStatus.CERTIFIED,
                    null,
                    ctx.nowText(),
                    ctx.nowText(),
                    ctx.txId());
            ctx.state().putWithPolicy(ObjectType.MEASUREMENT, m, Governing.sroPolicy(ctx), m.measurement());
            Governing.record(
                    ctx, Governing.MEASUREMENTS, m.measurement(), m.status().name());
            ctx.events().emit(EventType.MEASUREMENT_CERTIFIED, ObjectType.MEASUREMENT, m.measurement(), ctx.sroMspId());
            return m;
        });
    }

    /** Revocation stops new runs and key releases for this image at once, under every contract. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String revoke(DepaContext ctx, String json) {
        return TxRunner.run(Measurements.REVOKE, json, r -> {
            Guard.requireSro(ctx, "revoke clean-room measurements");
            String hex = Fields.hex("measurement", r.measurement(), 48);
            CertifiedMeasurement old = ctx.state().get(ObjectType.MEASUREMENT, CertifiedMeasurement.class, hex);
            if (old.status() == MeasurementStatus.REVOKED) {
                throw new LedgerRuleException(ErrorCode.INVALID_STATE, "measurement " + hex + " is already revoked");
            }
            CertifiedMeasurement m = old.revoked(Fields.text("reason", r.reason(), 500), ctx.nowText(), ctx.txId());
            ctx.state().put(ObjectType.MEASUREMENT, m, hex);
            Governing.record(ctx, Governing.MEASUREMENTS, hex, m.status().name());
            ctx.events().emit(EventType.MEASUREMENT_REVOKED, ObjectType.MEASUREMENT, hex, ctx.sroMspId());
            return m;
        });
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(DepaContext ctx, String measurement) {
        return TxRunner.run(Measurements.GET, measurement, id -> ctx.state()
                .get(ObjectType.MEASUREMENT, CertifiedMeasurement.class, Fields.hex("measurement", id, 48)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String list(DepaContext ctx, String json) {
        return TxRunner.run(Measurements.LIST, json, r -> {
            return ctx.state().page(ObjectType.MEASUREMENT, r.pageSize(), r.bookmark(), ids -> ctx.state()
                    .get(ObjectType.MEASUREMENT, CertifiedMeasurement.class, ids.get(0)));
        });
    }

    /**
     * The measurement, if certified now; refuses otherwise. Shared by runs and key releases. Only
     * the SRO's registry counts: a measurement record created by a majority without the SRO is
     * not a certification.
     */
    static CertifiedMeasurement requireCertified(DepaContext ctx, String measurement) {
        String recorded = Governing.entry(ctx, Governing.MEASUREMENTS, measurement)
                .map(e -> e.status())
                .orElse(null);
        if (recorded == null) {
            throw new LedgerRuleException(
                    ErrorCode.MEASUREMENT_NOT_CERTIFIED,
                    "measurement " + measurement + " was never certified by the SRO");
        }
        CertifiedMeasurement m = ctx.state()
                .find(ObjectType.MEASUREMENT, CertifiedMeasurement.class, measurement)
                .orElseThrow(() -> new LedgerRuleException(
                        ErrorCode.MEASUREMENT_NOT_CERTIFIED,
                        "measurement " + measurement + " was never certified by the SRO"));
        if (!recorded.equals(m.status().name())) {
            throw new LedgerRuleException(
                    ErrorCode.MEASUREMENT_NOT_CERTIFIED,
                    "measurement " + measurement + " shows " + m.status() + " but the SRO recorded " + recorded);
        }
        if (m.status() != MeasurementStatus.CERTIFIED) {
            throw new LedgerRuleException(
                    ErrorCode.MEASUREMENT_NOT_CERTIFIED,
                    "measurement " + measurement + " was revoked by the SRO: " + m.reason());
        }
        return m;
    }
}
