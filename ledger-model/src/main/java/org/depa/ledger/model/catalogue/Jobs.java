package org.depa.ledger.model.catalogue;

import java.util.List;
import org.depa.ledger.model.domain.OutputKey;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.tx.CompleteJobRequest;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.ListByPartyRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;

/**
 * Training jobs (issue 11): a TDC's output encryption keys; a job over ACTIVE contracts bound to a
 * model-spec commitment, SUBMITTED -> SCHEDULED -> RUNNING -> COMPLETED | FAILED | CANCELLED.
 */
public final class Jobs {
    private static final Area AREA = new Area("jobs");

    /** A TDC registers a dedicated EC P-256/P-384 public key that job outputs are sealed to. */
    public static final Tx<RegisterOutputKeyRequest, OutputKey> REGISTER_OUTPUT_KEY =
            AREA.submit("registerOutputKey", RegisterOutputKeyRequest.class, OutputKey.class);

    public static final Tx<SubmitJobRequest, TrainingJob> SUBMIT =
            AREA.submit("submit", SubmitJobRequest.class, TrainingJob.class);

    /** The CCR provider accepts the job and will launch a clean room for it. */
    public static final Tx<JobActionRequest, TrainingJob> SCHEDULE =
            AREA.submit("schedule", JobActionRequest.class, TrainingJob.class);

    /** The CCR provider's clean room is running: from here the TDC can no longer cancel. */
    public static final Tx<JobActionRequest, TrainingJob> START =
            AREA.submit("start", JobActionRequest.class, TrainingJob.class);

    /** Every contract of the job completed by a receipt naming the job and its commitment. */
    public static final Tx<CompleteJobRequest, TrainingJob> COMPLETE =
            AREA.submit("complete", CompleteJobRequest.class, TrainingJob.class);

    public static final Tx<JobActionRequest, TrainingJob> FAIL =
            AREA.submit("fail", JobActionRequest.class, TrainingJob.class);

    /** The TDC withdraws a job that is not yet RUNNING. */
    public static final Tx<JobActionRequest, TrainingJob> CANCEL =
            AREA.submit("cancel", JobActionRequest.class, TrainingJob.class);

    public static final Tx<String, TrainingJob> GET = AREA.byId("get", TrainingJob.class);

    public static final Tx<String, OutputKey> GET_OUTPUT_KEY = AREA.byId("getOutputKey", OutputKey.class);

    public static final Tx<String, List<TrainingJob>> LIST_BY_CONTRACT =
            AREA.byId("listByContract", ResultType.listOf(TrainingJob.class));

    /**
     * The jobs one party takes part in (the parties of the job's contracts, in job id order), or
     * every job (the SRO and auditors only), a page at a time; from the job-by-party index.
     */
    public static final Tx<ListByPartyRequest, Page<TrainingJob>> LIST =
            AREA.query("list", ListByPartyRequest.class, ResultType.pageOf(TrainingJob.class));

    /**
     * Writes a job's party index entries: for jobs submitted before the index existed (submit
     * writes them); the SRO or a party of the job; idempotent.
     */
    public static final Tx<JobActionRequest, TrainingJob> INDEX =
            AREA.submit("index", JobActionRequest.class, TrainingJob.class);

    private Jobs() {}
}
