package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.client.fabric.FabricLedger;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.Probe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * With the orderer stopped (network.sh stop orderers: all three Raft orderers), a submit fails within its documented bound
 * (FabricDeadlines: about 20 s) with an error naming the ordering service, not the gateway; reads
 * still work; the orderer is started again (network.sh up) and submits succeed again.
 */
@EnabledIfSystemProperty(named = "depa.fabric.network", matches = ".+")
class OrdererDownIT {
    private static final Duration BOUND = Duration.ofSeconds(25);

    @Test
    void aSubmitWhileTheOrdererIsDownFailsInBoundedTimeNamingTheOrderer() throws Exception {
        LocalNetwork network = new LocalNetwork(Path.of(System.getProperty("depa.fabric.network")));
        try (FabricLedger sro = FabricLedger.connect(network.settings("SROMSP", "User1"))) {
            TypedLedger ledger = new TypedLedger(sro);
            ledger.evaluate(Participants.GET_AGREEMENT); // connected, the network answers
            networkSh("stop", "orderers");
            try {
                Instant start = Instant.now();
                LedgerException e = catchThrowableOfType(
                        () -> ledger.submit(
                                Probe.WRITE, "orderer-down-" + Instant.now().toEpochMilli()),
                        LedgerException.class);
                Duration took = Duration.between(start, Instant.now());
                assertThat(e).as("the submit fails").isNotNull();
                assertThat(took).as("gives up within the bound").isLessThan(BOUND);
                assertThat(e.stage()).isEqualTo(LedgerException.Stage.UNAVAILABLE);
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage())
                        .contains("ordering service")
                        .contains("orderer")
                        .doesNotContain("cannot be reached");
                System.out.println("orderer down: failed after " + took.toMillis() + " ms: " + e.getMessage());
                // The peers still answer reads.
                ledger.evaluate(Participants.GET_AGREEMENT);
            } finally {
                networkSh("up");
            }
            Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
            while (true) {
                try {
                    ledger.submit(Probe.WRITE, "orderer-back-" + Instant.now().toEpochMilli());
                    break;
                } catch (LedgerException e) {
                    if (Instant.now().isAfter(deadline)) {
                        throw e;
                    }
                    Thread.sleep(1000);
                }
            }
        }
    }

    private static void networkSh(String... args) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("depa.home"), "network-config", "network.sh");
        String[] cmd = new String[args.length + 1];
        cmd[0] = script.toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertThat(p.waitFor(180, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("network.sh " + String.join(" ", args)).isZero();
    }
}
