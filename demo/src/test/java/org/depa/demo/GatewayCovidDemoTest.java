package org.depa.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same scenario with every party behind a gateway process: each calls the REST API over
 * mutual TLS with its own certificate (cowin's an Ed25519 one), the bridges record their key
 * releases and the agent its run and receipt through their parties' gateway connections. Runs when
 * gateway-api's runnable jar is built ({@code mvn -pl gateway-api -am package -DskipTests}).
 */
@EnabledIf("gatewayBuilt")
class GatewayCovidDemoTest {
    private static final Path JAR = Path.of("..", "gateway-api", "target", "quarkus-app", "quarkus-run.jar");

    @TempDir
    Path dir;

    static boolean gatewayBuilt() {
        return Files.isRegularFile(JAR);
    }

    @Test
    void theScenarioThroughTheGatewayEndsWithOneReceiptAndTheBudgetSpent() throws Exception {
        DemoRun run = DemoRun.of(dir, CovidDemo.Via.GATEWAY, JAR);
        String printed = run.printed();
        int status = run.status();
        assertThat(status).as(printed).isZero();
        assertThat(printed)
                .contains("in a gateway process at https://127.0.0.1:")
                .containsPattern("cowin\\s+TDP\\s+ProviderMSP\\s+ED25519 key, verified")
                .contains("5 signatures verified")
                .contains("sha256 matches the receipt: true")
                .contains("COMPLETED (closed by ccr-cloud")
                .containsPattern("KeyReleased\\s+3")
                .containsPattern("ReceiptSubmitted\\s+1")
                .containsPattern("relay\\s+PAYMENT_RELAY\\s+SROMSP")
                .containsPattern("covid-2026\\.icmr\\s+SETTLED in chain tx 0x[0-9a-f]{64}")
                .containsPattern("covid-2026\\.cowin\\s+SETTLED in chain tx 0x[0-9a-f]{64}")
                .containsPattern("covid-2026\\.index\\s+SETTLED in chain tx 0x[0-9a-f]{64}")
                .containsPattern("PaymentSettled\\s+3")
                .contains("escrow of covid-2026 now holds 0")
                // 35 before payments, + the relay's registration, verification and agreement, + 3 settlements,
                // + the training job's: the output key, submit, schedule, start, complete, + the TDC's bridge
                // recording its release of the sealed spec's key to the run.
                .contains("== Done: 47 transactions committed")
                .contains("spec key released by ai-lab's bridge");
        JsonNode m = new ObjectMapper()
                .readTree(dir.resolve("tdc-inbox/report/metrics.json").toFile());
        assertThat(m.get("epsilonSpent").asDouble()).isPositive().isLessThanOrEqualTo(1.5);
    }
}
