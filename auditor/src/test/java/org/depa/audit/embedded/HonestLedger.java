package org.depa.audit.embedded;

import java.nio.file.Path;
import java.util.List;
import org.depa.audit.report.AuditReport;
import org.depa.ledger.client.embedded.EmbeddedLedger;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.SettlePaymentRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;

/**
 * An honest embedded ledger written through the real chaincode: two TDPs' datasets, contract c1
 * over both signed by every party and activated, run-1 started from an emulated clean room's
 * report, both keys released, the receipt (spending 0.5 of each), its two payment instructions
 * and one of them settled by the relay; then contract c2 activated and revoked (its reservation
 * returned); then job-1 over c3 (committing to a model spec) RUNNING with run-3 started and the spec key
 * released to it by the TDC ({@link SpecRelease}); then cowin grows its dataset's budget to 12. The ledger trusts the emulator's root (the development switch, pinned).
 */
final class HonestLedger {
    static final String CONTRACT = "c1";
    static final String RUN = "run-1";
    /** cowin-data's total after its owner's update (registered at 10). */
    static final String GROWN_TOTAL = "12";

    private HonestLedger() {}

    static void write(Path dir) {
        try (Scenario s = new Scenario(new World(EmbeddedLedger.builder().directory(dir)))) {
            s.active(CONTRACT, "1", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
            s.w.clock.advance(java.time.Duration.ofMinutes(1));
            s.complete(CONTRACT, RUN, "0.5");
            Party relay = s.w.onboard("relay", Role.PAYMENT_RELAY, "RelayMSP");
            relay.ledger()
                    .submit(
                            Payments.SETTLE,
                            new SettlePaymentRequest(CONTRACT + ".icmr", "relay", 31337L, "0x" + "ab".repeat(32), 9L));
            s.active("c2", "1", Scenario.ICMR_DATA);
            s.w.sroLedger().submit(Contracts.REVOKE, new ContractActionRequest("c2", null, "budget review"));
            SpecRelease.write(s);
            // cowin grows its dataset's budget (its own datasets:update): the total moves with the terms.
            s.cowin
                    .ledger()
                    .submit(Datasets.UPDATE, World.datasetRequest(Scenario.COWIN_DATA, s.cowin.id(), GROWN_TOTAL));
        }
    }

    /** Audits {@code dir} (development roots allowed, as the test ledger trusts the emulator) into {@code out}. */
    static AuditReport audit(Path dir, Path out, String genesis, String head) {
        return audit(dir, out, genesis, head, true);
    }

    static AuditReport audit(Path dir, Path out, String genesis, String head, boolean allowDev) {
        AuditReport r = new AuditReport(out, dir.toString());
        try (r) {
            EmbeddedAudit.run(
                    dir, new EmbeddedAudit.Options(genesis, head, false, allowDev, null, null), r, null, List.of());
        }
        return r;
    }
}
