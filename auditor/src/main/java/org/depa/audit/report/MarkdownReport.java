package org.depa.audit.report;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The human report: verdict, anchors to pin, one row per check, why checks were skipped, then each failure explained. */
final class MarkdownReport {
    private MarkdownReport() {}

    static String render(
            Map<String, EnumMap<Status, Long>> counts,
            List<CheckResult> failures,
            long failuresSeen,
            Map<String, String> anchors,
            Map<String, Map<String, Long>> skipReasons) {
        StringBuilder md = new StringBuilder();
        md.append("# Ledger audit\n\n");
        md.append("Verdict: **")
                .append(failuresSeen == 0 ? "PASS" : "FAIL")
                .append("**")
                .append(failuresSeen == 0 ? "" : " (" + failuresSeen + " failed checks)")
                .append("\n\n");
        if (!anchors.isEmpty()) {
            md.append("## Anchors to keep\n\n");
            anchors.forEach(
                    (k, v) -> md.append("- ").append(k).append(": `").append(v).append("`\n"));
            md.append('\n');
        }
        md.append("## Checks\n\n| check | what it proves | pass | fail | skip |\n|---|---|---|---|---|\n");
        counts.forEach((id, c) -> md.append("| `")
                .append(id)
                .append("` | ")
                .append(Checks.descriptions().getOrDefault(id, ""))
                .append(" | ")
                .append(c.getOrDefault(Status.PASS, 0L))
                .append(" | ")
                .append(c.getOrDefault(Status.FAIL, 0L))
                .append(" | ")
                .append(c.getOrDefault(Status.SKIP, 0L))
                .append(" |\n"));
        if (!skipReasons.isEmpty()) {
            md.append("\n## Why checks were skipped\n\n");
            skipReasons.forEach((id, reasons) -> reasons.forEach((reason, times) -> md.append("- `")
                    .append(id)
                    .append("`: ")
                    .append(reason.isEmpty() ? "(no reason given)" : reason)
                    .append(times > 1 ? " (" + times + " times)" : "")
                    .append('\n')));
        }
        if (!failures.isEmpty()) {
            md.append("\n## Failures\n\n");
            for (CheckResult f : failures) {
                md.append("### `")
                        .append(f.id())
                        .append("` at ")
                        .append(f.scope())
                        .append("\n\n")
                        .append(f.details())
                        .append("\n\nThis check proves that ")
                        .append(Checks.descriptions().getOrDefault(f.id(), "(an unnamed rule)"))
                        .append("; here it does not hold.\n\n");
            }
            if (failuresSeen > failures.size()) {
                md.append("(")
                        .append(failuresSeen - failures.size())
                        .append(" more failures are listed in audit.json only.)\n");
            }
        }
        return md.toString();
    }
}
