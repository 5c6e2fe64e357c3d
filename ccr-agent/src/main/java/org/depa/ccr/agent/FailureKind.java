package org.depa.ccr.agent;

import java.util.EnumSet;
import java.util.Set;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.data.endpoint.DataDownloadException;
import org.depa.kms.protocol.ChallengeException;
import org.depa.kms.protocol.ReleaseTransportException;
import org.depa.ledger.client.LedgerException;

/**
 * Whether an agent's failure is permanent (a relaunch cannot change it: the run is failed on the
 * ledger and the operator fails the job at once) or transient (this invocation ends; the next one
 * resumes from the journal). The one place this is decided, for the run ({@link FailureRecorder})
 * and for the launch's exit code (the clean room's {@code CleanRoomExit}).
 *
 * <p>Something out of reach is transient whatever the stage: the ledger or the operator's relay,
 * a bridge that gave no answer, a data endpoint unreachable or answering 5xx after its retries.
 * Otherwise the stage decides: the spec, the data, a key refused, decryption, training, sealing, the
 * contract's standing and the journal (unreadable, another run's, or a run failed earlier) are facts
 * a relaunch meets again; attestation, the run's start and the receipt's submission may answer
 * differently next time.
 */
public enum FailureKind {
    PERMANENT,
    TRANSIENT;

    private static final Set<Stage> PERMANENT_STAGES = EnumSet.of(
            Stage.CONTRACT,
            Stage.MODEL_SPEC,
            Stage.DATA,
            Stage.KEY_RELEASE,
            Stage.DATASET,
            Stage.SEALING,
            Stage.TRAINING,
            Stage.JOURNAL);

    public static FailureKind of(AgentException failure) {
        if (outOfReach(failure)) {
            return TRANSIENT;
        }
        return PERMANENT_STAGES.contains(failure.stage()) ? PERMANENT : TRANSIENT;
    }

    /** Whether the failure, or any cause of it, is something out of reach rather than a refusal. */
    public static boolean outOfReach(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof LedgerException e && e.stage() == LedgerException.Stage.UNAVAILABLE) {
                return true;
            }
            if (t instanceof ChallengeException || t instanceof ReleaseTransportException) {
                return true;
            }
            if (t instanceof DataDownloadException d && d.kind() == DataDownloadException.Kind.UNAVAILABLE) {
                return true;
            }
        }
        return false;
    }
}
