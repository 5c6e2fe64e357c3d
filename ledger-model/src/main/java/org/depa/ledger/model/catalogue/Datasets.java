package org.depa.ledger.model.catalogue;

import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.ListDatasetsRequest;
import org.depa.ledger.model.tx.WithdrawDatasetRequest;

/** Datasets a TDP offers: terms, the ciphertext's hash, the key-release endpoint, the privacy budget. */
public final class Datasets {
    private static final Area AREA = new Area("datasets");

    public static final Tx<DatasetRequest, Dataset> REGISTER =
            AREA.submit("register", DatasetRequest.class, Dataset.class);

    /** A new revision of an available dataset's description and terms. */
    public static final Tx<DatasetRequest, Dataset> UPDATE = AREA.submit("update", DatasetRequest.class, Dataset.class);

    public static final Tx<WithdrawDatasetRequest, Dataset> WITHDRAW =
            AREA.submit("withdraw", WithdrawDatasetRequest.class, Dataset.class);

    public static final Tx<String, Dataset> GET = AREA.byId("get", Dataset.class);

    public static final Tx<String, PrivacyBudget> GET_BUDGET = AREA.byId("getBudget", PrivacyBudget.class);

    /** By owner, by purpose (available datasets only) or all, a page at a time. */
    public static final Tx<ListDatasetsRequest, Page<Dataset>> LIST =
            AREA.query("list", ListDatasetsRequest.class, ResultType.pageOf(Dataset.class));

    private Datasets() {}
}
