package org.depa.ledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.ledger.model.ErrorCode;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeException;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bound on the time a Fabric client may claim: a peer's chaincode process refuses proposals
 * stamped further than its window from its own clock, both ways, the boundary inside; the
 * in-process router (the embedded ledger's) has no window; a malformed setting stops the process.
 */
class ProposalTimeWindowTest {
    private static final Instant PEER = Instant.parse("2026-12-05T14:00:00Z");
    private static final String CODE = ErrorCode.TIMESTAMP_OUTSIDE_WINDOW.name();
    private static final ProposalTimeWindow FIVE_MINUTES =
            new ProposalTimeWindow(Clock.fixed(PEER, ZoneOffset.UTC), Duration.ofMinutes(5));

    @Test
    void aProposalWithinTheWindowEitherWayIsAccepted() {
        for (Instant t : List.of(
                PEER,
                PEER.plusSeconds(1),
                PEER.minusSeconds(1),
                PEER.plus(Duration.ofMinutes(4)).plusSeconds(59),
                PEER.minus(Duration.ofMinutes(4)).minusSeconds(59))) {
            assertThatCode(() -> FIVE_MINUTES.check(t)).as("%s", t).doesNotThrowAnyException();
        }
    }

    @Test
    void theBoundaryIsInside() {
        assertThatCode(() -> FIVE_MINUTES.check(PEER.plus(Duration.ofMinutes(5))))
                .doesNotThrowAnyException();
        assertThatCode(() -> FIVE_MINUTES.check(PEER.minus(Duration.ofMinutes(5))))
                .doesNotThrowAnyException();
    }

    @Test
    void justOutsideTheWindowEitherWayIsRefused() {
        for (Instant t : List.of(
                PEER.plus(Duration.ofMinutes(5)).plusNanos(1),
                PEER.minus(Duration.ofMinutes(5)).minusNanos(1),
                PEER.plus(Duration.ofMinutes(5)).plusMillis(1),
                PEER.minus(Duration.ofMinutes(5)).minusMillis(1))) {
            assertThatThrownBy(() -> FIVE_MINUTES.check(t))
                    .as("%s", t)
                    .isInstanceOfSatisfying(ChaincodeException.class, e -> assertThat(
                                    new String(e.getPayload(), StandardCharsets.UTF_8))
                            .isEqualTo(CODE))
                    .hasMessageStartingWith(CODE + ": ");
        }
    }

    @Test
    void aForwardDatedProposalIsRefusedNamingBothTimesAndTheWindow() {
        Instant forward = PEER.plus(Duration.ofDays(8)).plusMillis(250);
        assertThatThrownBy(() -> FIVE_MINUTES.check(forward))
                .hasMessage(CODE + ": the proposal's time " + forward + " is 8 d 0.250 s ahead of this peer's time "
                        + PEER + "; proposals are accepted within 5 min of the endorsing peers' clocks"
                        + " (is the client's clock right?)");
    }

    @Test
    void aBackdatedProposalIsRefusedNamingBothTimesAndTheWindow() {
        Instant back = PEER.minus(Duration.ofMinutes(7));
        assertThatThrownBy(() -> FIVE_MINUTES.check(back))
                .hasMessageContaining("the proposal's time " + back + " is 7 min behind this peer's time " + PEER)
                .hasMessageContaining("within 5 min");
    }

    @Test
    void theWindowIsTheSettingNotAConstant() {
        ProposalTimeWindow thirtySeconds =
                new ProposalTimeWindow(Clock.fixed(PEER, ZoneOffset.UTC), ProposalTimeWindow.parse("30s"));
        assertThatCode(() -> thirtySeconds.check(PEER.plusSeconds(30))).doesNotThrowAnyException();
        assertThatThrownBy(() -> thirtySeconds.check(PEER.plusSeconds(31))).hasMessageContaining("within 30 s");
    }

    @Test
    void theSettingIsReadInUnitsOrIso8601AndDefaultsToFiveMinutes() {
        assertThat(ProposalTimeWindow.parse(null)).isEqualTo(Duration.ofMinutes(5));
        assertThat(ProposalTimeWindow.parse("  ")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ProposalTimeWindow.parse("300s")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ProposalTimeWindow.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ProposalTimeWindow.parse("5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ProposalTimeWindow.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(ProposalTimeWindow.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
        assertThat(ProposalTimeWindow.parse("PT5M")).isEqualTo(Duration.ofMinutes(5));
        assertThat(ProposalTimeWindow.DEFAULT).isEqualTo(Duration.ofMinutes(5));
    }

    @ParameterizedTest
    @ValueSource(strings = {"five", "5 minutes", "-5m", "5", "5d", "P1D1"})
    void aMalformedSettingIsRefusedNamingItAndTheValue(String value) {
        assertThatThrownBy(() -> ProposalTimeWindow.parse(value))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DEPA_TX_TIME_WINDOW")
                .hasMessageContaining("'" + value.trim() + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0s", "999ms", "61m", "2h", "PT-5M", "P1D"})
    void aWindowTooSmallToUseOrTooLargeToBoundAnythingIsRefused(String value) {
        Duration d = ProposalTimeWindow.parse(value);
        assertThatThrownBy(() -> new ProposalTimeWindow(Clock.systemUTC(), d))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("DEPA_TX_TIME_WINDOW")
                .hasMessageContaining("outside 1 s to 1 h");
    }

    @Test
    void aPeersRouterRefusesBeforeRoutingAndReturnsTheCodeAsEveryRefusal() {
        TransactionRouter router = TransactionRouter.withTimeWindow(FIVE_MINUTES);
        Response outside = router.invoke(stub(PEER.plus(Duration.ofDays(8)), null, "contracts:expire", "{}"));
        assertThat(outside.getStatus().getCode()).isEqualTo(500);
        assertThat(outside.getMessage()).startsWith(CODE + ": the proposal's time ");
        assertThat(new String(outside.getPayload(), StandardCharsets.UTF_8)).isEqualTo(CODE);
        assertThat(RefusalLog.refusalCode(outside.getMessage()))
                .as("logged as a refusal, not an error")
                .isEqualTo(CODE);
        // Queries too, and the empty invocation: every proposal.
        assertThat(router.invoke(stub(PEER.minus(Duration.ofMinutes(6)), null, "contracts:get", "c1"))
                        .getMessage())
                .startsWith(CODE);
        assertThat(router.init(stub(PEER.minus(Duration.ofMinutes(6)), null)).getMessage())
                .startsWith(CODE);
        // Inside the window the proposal reaches routing (an unknown area: Fabric's answer).
        assertThat(router.invoke(stub(PEER.plus(Duration.ofMinutes(5)), null, "nosuch:get", "x"))
                        .getMessage())
                .isEqualTo("Undefined contract called");
    }

    @Test
    void theInProcessRouterHasNoWindowAndNeverReadsTheProposalTime() {
        AtomicInteger reads = new AtomicInteger();
        Response r = TransactionRouter.inProcess()
                .invoke(stub(Instant.parse("1990-01-01T00:00:00Z"), reads, "nosuch:get", "x"));
        assertThat(r.getMessage()).isEqualTo("Undefined contract called");
        assertThat(reads).hasValue(0);
    }

    @Test
    void aMalformedSettingStopsTheChaincodeProcessWithOneLineNamingIt() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ChaincodeMain.class.getName())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        pb.environment().put("DEPA_TX_TIME_WINDOW", "5 minutes");
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the process stops").isTrue();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(err).isEqualTo(2);
        // One line, no stack trace (a JVM's own "Picked up JAVA_TOOL_OPTIONS" notice aside).
        assertThat(err.lines().filter(l -> !l.startsWith("Picked up ")))
                .containsExactly("chaincode: DEPA_TX_TIME_WINDOW: '5 minutes' is not a duration (write it as 300s, 5m,"
                        + " 1h or PT5M)");
    }

    /** A stub that answers getArgs and getTxTimestamp (counted in {@code reads} when given). */
    private static ChaincodeStub stub(Instant timestamp, AtomicInteger reads, String... args) {
        List<byte[]> argv = java.util.Arrays.stream(args)
                .map(a -> a.getBytes(StandardCharsets.UTF_8))
                .toList();
        return (ChaincodeStub) Proxy.newProxyInstance(
                ChaincodeStub.class.getClassLoader(), new Class<?>[] {ChaincodeStub.class}, (proxy, m, a) -> {
                    switch (m.getName()) {
                        case "getArgs":
                            return argv;
                        case "getTxTimestamp":
                            if (reads != null) {
                                reads.incrementAndGet();
                            }
                            return timestamp;
                        default:
                            throw new UnsupportedOperationException(m.getName());
                    }
                });
    }
}
