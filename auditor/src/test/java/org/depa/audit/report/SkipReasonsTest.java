package org.depa.audit.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A skipped check says why: the report keeps each check's distinct reasons with their counts (the
 * same reason on every transaction is one reason), at most five per check, and audit.md lists them.
 */
class SkipReasonsTest {
    @TempDir
    Path dir;

    @Test
    void eachCheckKeepsItsDistinctReasonsWithTheirCountsAndAuditMdListsThem() throws Exception {
        AuditReport r = new AuditReport(dir, "bundle");
        try (r) {
            for (int tx = 0; tx < 3; tx++) {
                r.skip(Checks.TX_SIGNATURE, "block 4 tx " + tx, "a config transaction carries no creator signature");
            }
            r.skip(Checks.TX_SIGNATURE, "block 9 tx 0", "the envelope could not be parsed");
            r.pass(Checks.TX_SIGNATURE, "block 5 tx 0", "");
            r.fail(Checks.TX_ID, "block 6 tx 0", "a failure is not a skip reason");
            for (int i = 0; i < 8; i++) {
                r.skip(Checks.TX_CREATOR, "block " + i, "reason " + i);
            }
            r.skip(Checks.TX_CREATOR, "block 9", "reason 0");

            assertThat(r.skipReasons(Checks.TX_SIGNATURE))
                    .containsExactly(
                            new AuditReport.SkipReason("a config transaction carries no creator signature", 3),
                            new AuditReport.SkipReason("the envelope could not be parsed", 1));
            assertThat(r.skipReasons(Checks.TX_ID)).isEmpty();
            assertThat(r.skipReasons(Checks.TX_CREATOR))
                    .hasSize(AuditReport.MAX_SKIP_REASONS_KEPT)
                    .first()
                    .isEqualTo(new AuditReport.SkipReason("reason 0", 2));
            assertThat(r.count(Checks.TX_CREATOR, Status.SKIP)).isEqualTo(9);
        }
        String md = Files.readString(dir.resolve("audit.md"));
        assertThat(md)
                .contains("## Why checks were skipped")
                .contains(
                        "- `" + Checks.TX_SIGNATURE + "`: a config transaction carries no creator signature (3 times)")
                .contains("- `" + Checks.TX_SIGNATURE + "`: the envelope could not be parsed\n")
                .doesNotContain("a failure is not a skip reason (");
    }
}
