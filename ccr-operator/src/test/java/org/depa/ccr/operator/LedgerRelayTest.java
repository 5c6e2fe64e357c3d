package org.depa.ccr.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.StartRunRequest;
import org.depa.ledger.testing.Scenario;
import org.junit.jupiter.api.Test;

/** What a clean room can and cannot do through the operator's relay. */
class LedgerRelayTest {
    @Test
    void aCleanRoomReadsButWritesOnlyItsOwnRunsAndOnlyWhileItsTokenLives() throws Exception {
        try (Scenario s = new Scenario();
                LedgerRelay relay = new LedgerRelay(s.ccr.client(), jobId -> {})) {
            String token = relay.issue("job-1");
            TypedLedger room = new TypedLedger(config(relay.url(), token).relayClient());
            assertThat(room.evaluate(Participants.GET, "ccr").id()).isEqualTo("ccr");

            LedgerException notFound = refused(() -> room.evaluate(Runs.GET, "nope"));
            assertThat(notFound.code()).as("the ledger's refusal comes through").isEqualTo(ErrorCode.NOT_FOUND);

            LedgerException jobTx =
                    refused(() -> room.submit(Jobs.SCHEDULE, new JobActionRequest("job-1", "ccr", null)));
            assertThat(jobTx.code()).isEqualTo(ErrorCode.WRONG_ROLE);
            assertThat(jobTx.getMessage()).contains(Jobs.SCHEDULE.name());

            LedgerException otherJob = refused(() -> room.submit(Runs.START, start("job-2")));
            assertThat(otherJob.code()).isEqualTo(ErrorCode.NOT_A_PARTY);

            relay.revoke(token);
            LedgerException revoked = refused(() -> room.evaluate(Participants.GET, "ccr"));
            assertThat(revoked.code()).isEqualTo(ErrorCode.WRONG_CLIENT);

            TypedLedger forger =
                    new TypedLedger(config(relay.url(), "forged-token").relayClient());
            assertThat(refused(() -> forger.evaluate(Participants.GET, "ccr")).code())
                    .isEqualTo(ErrorCode.WRONG_CLIENT);
        }
    }

    @Test
    void anUnreachableOperatorIsUnavailable() throws Exception {
        String url;
        try (Scenario s = new Scenario();
                LedgerRelay relay = new LedgerRelay(s.ccr.client(), jobId -> {})) {
            url = relay.url();
        }
        TypedLedger room = new TypedLedger(config(url, "t").relayClient());
        LedgerException e = refused(() -> room.evaluate(Participants.GET, "ccr"));
        assertThat(e.stage()).isEqualTo(LedgerException.Stage.UNAVAILABLE);
        assertThat(e.retryable()).isTrue();
    }

    private static LedgerException refused(Runnable call) {
        try {
            call.run();
        } catch (LedgerException e) {
            return e;
        }
        throw new AssertionError("not refused");
    }

    private static StartRunRequest start(String jobId) {
        return new StartRunRequest("r1", "c1", "ccr", "AAAA", "pem", "pem").forJob(jobId);
    }

    private static CleanRoomConfig config(String url, String token) {
        return new CleanRoomConfig(
                "job-1", "ccr", List.of("c1"), null, null, null, "/tmp/ws", 1, url, token, "CcrMSP", "pem");
    }
}
