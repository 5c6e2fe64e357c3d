package org.depa.audit.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.Checks;
import org.depa.audit.report.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The honest export of a real network passes every check, and the checks did run. */
class HonestBundleTest {
    @TempDir
    Path dir;

    @Test
    void theHonestExportPassesEveryCheck() {
        AuditReport r = Audits.audit(Audits.copyFixture(dir));
        assertThat(r.failures()).isEmpty();
        for (String id : Checks.descriptions().keySet()) {
            if (!id.equals(Checks.HEAD) && !id.equals(Checks.TRUST_ANCHOR)) {
                assertThat(r.count(id, Status.PASS)).as(id).isPositive();
            }
        }
    }
}
