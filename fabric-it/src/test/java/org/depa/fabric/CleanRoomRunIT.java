package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.depa.demo.CovidDemo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main scenario on the Fabric network: every ledger write (registrations, contract,
 * run start, the three bridges' key-release records, the receipt) endorsed by a majority of the
 * organisations and committed by the orderer; the agent trains with DP-SGD and the TDC opens the
 * model.
 */
@EnabledIfSystemProperty(named = "depa.fabric.network", matches = ".+")
class CleanRoomRunIT {
    @TempDir
    Path dir;

    @Test
    void covidRunOnTheNetworkEndsWithOneReceiptAndTheBudgetSpent() throws Exception {
        String tag = "it" + Long.toString(System.currentTimeMillis(), 36);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            Path data = Path.of(System.getProperty("depa.home"), "data", "covid-poc");
            status = CovidDemo.run(
                    new CovidDemo.Options(data, dir, true, CovidDemo.Ledger.FABRIC, CovidDemo.Via.LEDGER, null, tag),
                    out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(status).as(printed).isZero();
        assertThat(printed)
                .contains("Fabric network")
                .contains("5 signatures verified")
                .contains("sha256 matches the receipt: true")
                .containsPattern("KeyReleased\\s+3")
                .containsPattern("ReceiptSubmitted\\s+1")
                // Payment on completion: the relay (PAYMENT_RELAY, SROMSP) settles each TDP's instruction on the
                // demo's anvil chain and records it on the network.
                .containsPattern("\\.icmr-" + tag + "\\s+SETTLED in chain tx 0x[0-9a-f]{64}")
                .containsPattern("\\.cowin-" + tag + "\\s+SETTLED in chain tx 0x[0-9a-f]{64}")
                .containsPattern("\\.index-" + tag + "\\s+SETTLED in chain tx 0x[0-9a-f]{64}")
                .containsPattern("PaymentSettled\\s+3")
                // ... and the follower made those settlements itself, from the network's chaincode events,
                // as the relay's participant: the demo ran no settle pass after it.
                .contains("the follower settled 3 of 3 instructions as relay-" + tag
                        + " when it saw the receipt (no settle pass after)");
        JsonNode m = new ObjectMapper()
                .readTree(dir.resolve("tdc-inbox/report/metrics.json").toFile());
        assertThat(m.get("epsilonSpent").asDouble()).isPositive().isLessThanOrEqualTo(1.5);
        assertThat(m.get("private").get("roc_auc").asDouble()).isGreaterThan(0.6637);
    }
}
