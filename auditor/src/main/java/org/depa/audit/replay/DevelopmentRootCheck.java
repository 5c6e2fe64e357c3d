package org.depa.audit.replay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;

/**
 * Flags a ledger whose chaincode was deployed with the development switch: runs:start then
 * accepts reports signed under an emulator's root, so a run's evidence proves nothing about AMD
 * hardware. The switch is recorded in the governance record ({@code developmentRoots}) from the
 * SRO's first write; this check reads the last value written. It fails the audit unless the
 * auditor passed {@code --allow-dev-root}, and says so in the report either way.
 */
public final class DevelopmentRootCheck implements WriteReplay {
    /** The governance record's composite key: {@code \0governance\0current\0}. */
    static final String GOVERNANCE_KEY = "\u0000governance\u0000current\u0000";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean allowed;
    private List<String> roots;
    private String scope;

    public DevelopmentRootCheck(boolean allowed) {
        this.allowed = allowed;
    }

    @Override
    public void transaction(CommittedTx tx, CheckSink sink) {
        for (CommittedTx.Write w : tx.writes()) {
            if (!w.key().equals(GOVERNANCE_KEY) || w.delete()) {
                continue;
            }
            List<String> found = new ArrayList<>();
            try {
                JsonNode list = JSON.readTree(w.value()).path("developmentRoots");
                list.forEach(n -> found.add(n.asText()));
            } catch (IOException e) {
                sink.fail(Checks.DEVELOPMENT_ROOT, tx.scope(), "the governance record is not JSON: " + e.getMessage());
                continue;
            }
            roots = found;
            scope = tx.scope();
        }
    }

    @Override
    public void finish(CheckSink sink) {
        if (roots == null) {
            sink.skip(Checks.DEVELOPMENT_ROOT, "ledger", "no governance record was written in these blocks");
        } else if (roots.isEmpty()) {
            sink.pass(Checks.DEVELOPMENT_ROOT, scope, "AMD's attestation roots only");
        } else if (allowed) {
            sink.pass(
                    Checks.DEVELOPMENT_ROOT,
                    scope,
                    "FLAGGED: development attestation roots trusted " + roots
                            + " (accepted by --allow-dev-root): runs may have started on emulated clean rooms");
        } else {
            sink.fail(
                    Checks.DEVELOPMENT_ROOT,
                    scope,
                    "the chaincode trusts development attestation roots " + roots
                            + ": runs may have started on emulated clean rooms, not AMD hardware (pass --allow-dev-root"
                            + " to accept a development ledger)");
        }
    }
}
