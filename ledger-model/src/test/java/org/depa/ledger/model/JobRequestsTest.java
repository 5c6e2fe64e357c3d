package org.depa.ledger.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.depa.ledger.model.tx.CompleteJobRequest;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.junit.jupiter.api.Test;

/** Field checks of the training-job requests: each refusal names its field. */
class JobRequestsTest {
    private static final String C = "A".repeat(64);

    private static SubmitJobRequest submit(List<String> contracts, String commitment, String uri) {
        return new SubmitJobRequest("j1", "tdc", contracts, commitment, uri, "tdc-out");
    }

    private static void refused(String field, Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        LedgerRuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("'" + field + "'");
    }

    @Test
    void normalisesASubmission() {
        SubmitJobRequest r = JobRequests.submit(submit(List.of("c2", "c1"), C, "file:///specs/j1.sealed"));
        assertThat(r.contractIds()).containsExactly("c1", "c2");
        assertThat(r.modelSpecCommitment()).isEqualTo("a".repeat(64));
        assertThat(JobRequests.submit(submit(List.of("c1"), C, "https://tdc.example/s"))
                        .sealedSpecUri())
                .isEqualTo("https://tdc.example/s");
    }

    @Test
    void refusesEachBadField() {
        refused("contractIds", () -> JobRequests.submit(submit(List.of(), C, "https://h/s")));
        refused("contractIds[1]", () -> JobRequests.submit(submit(List.of("c1", "c1"), C, "https://h/s")));
        refused("contractIds[0]", () -> JobRequests.submit(submit(List.of("C 1"), C, "https://h/s")));
        List<String> many = new ArrayList<>();
        for (int i = 0; i <= JobRequests.MAX_CONTRACTS_PER_JOB; i++) {
            many.add("c" + i);
        }
        refused("contractIds", () -> JobRequests.submit(submit(many, C, "https://h/s")));
        refused("modelSpecCommitment", () -> JobRequests.submit(submit(List.of("c1"), "xyz", "https://h/s")));
        for (String uri : List.of(
                "http://h/s", "ftp://h/s", "https:///s", "https://u:p@h/s", "not a uri", "relative/path", " ")) {
            refused("sealedSpecUri", () -> JobRequests.submit(submit(List.of("c1"), C, uri)));
        }
        refused("reason", () -> JobRequests.action(new JobActionRequest("j1", "ccr", null), true));
        refused("reason", () -> JobRequests.action(new JobActionRequest("j1", "ccr", "x".repeat(501)), false));
        refused("runIds[1]", () -> JobRequests.complete(new CompleteJobRequest("j1", "ccr", List.of("r1", "r1"))));
        refused("runIds", () -> JobRequests.complete(new CompleteJobRequest("j1", "ccr", List.of())));
    }
}
