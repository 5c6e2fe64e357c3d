package org.depa.ledger.model.catalogue;

import java.util.List;
import org.depa.ledger.model.domain.HistoryEntry;
import org.depa.ledger.model.tx.HistoryRequest;

/** Read-only access for auditors. */
public final class Audit {
    private static final Area AREA = new Area("audit");

    /** Every committed change of one object, newest first. */
    public static final Tx<HistoryRequest, List<HistoryEntry>> HISTORY =
            AREA.query("history", HistoryRequest.class, ResultType.listOf(HistoryEntry.class));

    private Audit() {}
}
