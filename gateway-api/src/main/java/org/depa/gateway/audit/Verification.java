package org.depa.gateway.audit;

import io.quarkus.qute.TemplateData;
import java.util.List;
import java.util.Map;

/**
 * One run of the auditor's verification over a copy of the gateway's ledger: the verdict, a row per
 * check, the anchors to pin, and where to download the copy it ran on (the auditor's own bundle
 * format: {@code depa audit verify} checks it offline).
 *
 * @param id the verification's id (random; only the caller who ran it may read it)
 * @param ledger {@code embedded} (the copy is the ledger's directory) or {@code fabric} (an export of every block)
 * @param verdict {@code PASS} when no check failed, else {@code FAIL}
 * @param chain whether the settled payments were checked against the payment chain, and if not, why
 * @param anchors the genesis hash, head and height (and the node key of an embedded ledger) to pin
 * @param bundle the path of the bundle's download (a zip of the copy)
 */
@TemplateData
public record Verification(
        String id,
        String ledger,
        String startedAt,
        String finishedAt,
        String verdict,
        long passed,
        long failed,
        long skipped,
        String chain,
        Map<String, String> anchors,
        List<CheckRow> checks,
        String bundle) {

    /**
     * One check of the auditor's catalogue: what it proves and how it came out.
     *
     * @param verdict {@code FAIL} if any instance failed, {@code PASS} if some passed and none failed, {@code SKIP}
     *     if all were skipped, {@code NOT RUN} when the check did not apply (no chain configured)
     * @param details the first failures ({@code scope: details}), at most {@link #MAX_DETAILS}
     * @param skipReasons why the check was skipped: its distinct reasons in the order first given, each
     *     with its count when given more than once (at most the auditor's five per check)
     */
    @TemplateData
    public record CheckRow(
            String id,
            String description,
            String verdict,
            long pass,
            long fail,
            long skip,
            List<String> details,
            List<String> skipReasons) {
        public static final int MAX_DETAILS = 5;
    }
}
