package org.depa.audit.replay;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.depa.audit.report.CheckResult;
import org.depa.audit.report.Checks;
import org.depa.audit.report.Status;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The development switch recorded in the governance record is flagged by every audit. */
class DevelopmentRootCheckTest {
    private static final String AMD_ONLY = "{\"sroMspId\":\"SROMSP\",\"developmentRoots\":[]}";
    private static final String OLD_RECORD = "{\"sroMspId\":\"SROMSP\"}";
    private static final String DEV = "{\"sroMspId\":\"SROMSP\",\"developmentRoots\":[\"any\"]}";

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("AMD only", List.of(AMD_ONLY), false, Status.PASS, "AMD's attestation roots only"),
                Arguments.of("a record before the switch existed", List.of(OLD_RECORD), false, Status.PASS, "AMD"),
                Arguments.of("a development root", List.of(DEV), false, Status.FAIL, "--allow-dev-root"),
                Arguments.of("a development root, allowed", List.of(DEV), true, Status.PASS, "FLAGGED"),
                Arguments.of("the last record counts", List.of(AMD_ONLY, DEV), false, Status.FAIL, "[any]"),
                Arguments.of("no governance record", List.of(), false, Status.SKIP, "no governance record"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void flagsTheSwitch(String name, List<String> records, boolean allowed, Status status, String detail) {
        DevelopmentRootCheck check = new DevelopmentRootCheck(allowed);
        List<CheckResult> results = new ArrayList<>();
        int block = 5;
        for (String value : records) {
            check.transaction(
                    new CommittedTx(
                            "block " + block + " tx 0",
                            block++,
                            0,
                            "ab".repeat(32),
                            Instant.EPOCH,
                            "SROMSP",
                            "depa",
                            List.of(
                                    new CommittedTx.Write("\u0000participant\u0000sro\u0000", "{}", false),
                                    new CommittedTx.Write(DevelopmentRootCheck.GOVERNANCE_KEY, value, false))),
                    results::add);
        }
        check.finish(results::add);
        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(Checks.DEVELOPMENT_ROOT);
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.details()).contains(detail);
        });
    }
}
