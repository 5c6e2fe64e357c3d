package org.depa.audit.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.Checks;
import org.depa.audit.report.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An honest embedded ledger passes every check, and every domain and line check ran. */
class EmbeddedHonestTest {
    @TempDir
    Path dir;

    @Test
    void theHonestLedgerPassesEveryCheck() {
        Path ledger = dir.resolve("ledger");
        HonestLedger.write(ledger);
        AuditReport r = HonestLedger.audit(ledger, dir.resolve("report"), null, null);
        assertThat(r.failures()).isEmpty();
        for (String id : Checks.descriptions().keySet()) {
            if (Checks.FABRIC_ONLY.contains(id)
                    || id.equals(Checks.EMBEDDED_HEAD)
                    || id.equals(Checks.EMBEDDED_TRUST_ANCHOR)) {
                continue;
            }
            assertThat(r.count(id, Status.PASS)).as(id).isPositive();
        }
        assertThat(r.count(Checks.EMBEDDED_HEAD, Status.SKIP)).isEqualTo(1);

        // Pinned and recorded: both anchors pass.
        AuditReport again = HonestLedger.audit(
                ledger,
                dir.resolve("again"),
                r.anchors().get("genesis"),
                r.anchors().get("head"));
        assertThat(again.failures()).isEmpty();
        assertThat(again.count(Checks.EMBEDDED_HEAD, Status.PASS)).isEqualTo(1);
        assertThat(again.count(Checks.EMBEDDED_TRUST_ANCHOR, Status.PASS)).isEqualTo(1);
    }
}
