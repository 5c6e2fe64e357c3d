package org.depa.ledger.model.catalogue;

import java.util.List;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.SpecKeyReleaseRecord;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.FailRunRequest;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.SpecKeyReleaseRequest;
import org.depa.ledger.model.tx.StartRunRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;

/** Training runs in attested clean rooms: start, key releases, failure, the signed receipt. */
public final class Runs {
    private static final Area AREA = new Area("runs");

    public static final Tx<StartRunRequest, TrainingRun> START =
            AREA.submit("start", StartRunRequest.class, TrainingRun.class);

    /** A TDP's bridge records a key release before the key leaves it. */
    public static final Tx<KeyReleaseRequest, KeyReleaseRecord> RECORD_KEY_RELEASE =
            AREA.submit("recordKeyRelease", KeyReleaseRequest.class, KeyReleaseRecord.class);

    /** A job's TDC's bridge records the release of the job's sealed-spec key before the key leaves it. */
    public static final Tx<SpecKeyReleaseRequest, SpecKeyReleaseRecord> RECORD_SPEC_KEY_RELEASE =
            AREA.submit("recordSpecKeyRelease", SpecKeyReleaseRequest.class, SpecKeyReleaseRecord.class);

    public static final Tx<FailRunRequest, TrainingRun> FAIL =
            AREA.submit("fail", FailRunRequest.class, TrainingRun.class);

    /** The receipt signed by the run key: epsilon is deducted and payment instructions created. */
    public static final Tx<SubmitReceiptRequest, TrainingReceipt> SUBMIT_RECEIPT =
            AREA.submit("submitReceipt", SubmitReceiptRequest.class, TrainingReceipt.class);

    public static final Tx<String, TrainingRun> GET = AREA.byId("get", TrainingRun.class);

    public static final Tx<String, TrainingReceipt> GET_RECEIPT = AREA.byId("getReceipt", TrainingReceipt.class);

    public static final Tx<String, List<KeyReleaseRecord>> KEY_RELEASES =
            AREA.byId("keyReleases", ResultType.listOf(KeyReleaseRecord.class));

    public static final Tx<String, List<SpecKeyReleaseRecord>> SPEC_KEY_RELEASES =
            AREA.byId("specKeyReleases", ResultType.listOf(SpecKeyReleaseRecord.class));

    public static final Tx<String, List<TrainingRun>> LIST_BY_CONTRACT =
            AREA.byId("listByContract", ResultType.listOf(TrainingRun.class));

    private Runs() {}
}
