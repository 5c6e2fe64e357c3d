package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.arc.Arc;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.depa.gateway.Api.Member;
import org.depa.gateway.client.ClientIdentity;
import org.depa.gateway.client.GatewayClient;
import org.depa.gateway.ledger.LedgerConnections;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SigningRequest;
import org.depa.ledger.model.tx.SignContractRequest;
import org.depa.ledger.testing.World;
import org.depa.testkit.Pkcs12;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The gateway's overhead, measured in one JVM against one embedded ledger: contract reads and
 * signature submissions through HTTPS + mTLS + caller resolution (the CLI's Java client) versus
 * the same calls on the LedgerClient directly. Sequential, one caller, so requests/s = 1 / mean.
 * Runs only with {@code -Ddepa.bench=true}; see docs/performance.md.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class GatewayOverheadBenchmark {
    private static final int READS = Integer.getInteger("depa.bench.reads", 2000);
    private static final int SIGNS = Integer.getInteger("depa.bench.signs", 300);
    private static final int WARMUP = 200;

    record Figures(String name, int n, double perSecond, double p50Ms, double p95Ms) {
        String row() {
            return String.format(
                    Locale.ROOT, "| %-34s | %6d | %9.0f | %8.3f | %8.3f |", name, n, perSecond, p50Ms, p95Ms);
        }
    }

    interface Call {
        void run(int i) throws Exception;
    }

    static Figures measure(String name, int n, Call call) throws Exception {
        long[] nanos = new long[n];
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            call.run(i);
            nanos[i] = System.nanoTime() - t;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(nanos);
        return new Figures(name, n, n / seconds, nanos[n / 2] / 1e6, nanos[(int) (n * 0.95)] / 1e6);
    }

    @Test
    void gatewayVersusLedgerClient() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("depa.bench"), "benchmark: run with -Ddepa.bench=true");
        Member tdp = Api.onboard("bench-tdp", Role.TDP, "ProviderMSP");
        Member tdc = Api.onboard("bench-tdc", Role.TDC, "ConsumerMSP");
        Api.onboard("bench-ccr", Role.CCR_PROVIDER, "CcrMSP");
        Api.ensureMeasurement(World.MEASUREMENT);
        Api.json(tdp.spec(), World.datasetRequest("bench-data", "bench-tdp", "10"))
                .post("/v1/datasets")
                .then()
                .statusCode(200);
        LedgerClient direct = Arc.container()
                .instance(LedgerConnections.class)
                .get()
                .forOrganisation("ConsumerMSP")
                .orElseThrow();
        int contracts = 2 * SIGNS + 1;
        for (int i = 0; i < contracts; i++) {
            direct.submit(
                    Contracts.PROPOSE.name(),
                    Json.canonicalString(LifecycleTestProposals.proposal(
                            "bench-" + i, "bench-tdc", "bench-ccr", "bench-data", "1")));
        }
        GatewayClient gateway = GatewayClient.connect(
                URI.create(Api.base()),
                ClientIdentity.fromPkcs12(tdc.keyStore(), Pkcs12.testPassword()),
                Api.pki().resolve("ca.pem"));
        // Signatures made up front: the benchmark times submission, not the client's own signing.
        List<String> signed = new ArrayList<>();
        for (int i = 0; i < contracts; i++) {
            SigningRequest s =
                    Json.read(direct.evaluate(Contracts.SIGNING_PAYLOAD.name(), "bench-" + i), SigningRequest.class);
            signed.add(Json.canonicalString(new SignContractRequest(
                    "bench-" + i,
                    s.version(),
                    "bench-tdc",
                    tdc.sign(Base64.getDecoder().decode(s.payloadBase64())))));
        }
        for (int i = 0; i < WARMUP; i++) {
            direct.evaluate(Contracts.GET.name(), "bench-0");
            gateway.get("/v1/contracts/bench-0");
        }
        Figures readDirect =
                measure("contract read, LedgerClient", READS, i -> direct.evaluate(Contracts.GET.name(), "bench-0"));
        Figures readGateway = measure("contract read, gateway", READS, i -> gateway.get("/v1/contracts/bench-0"));
        Figures signDirect = measure(
                "signature submission, LedgerClient",
                SIGNS,
                i -> direct.submit(Contracts.SIGN.name(), signed.get(1 + i)));
        Figures signGateway = measure(
                "signature submission, gateway",
                SIGNS,
                i -> gateway.post("/v1/contracts/bench-" + (1 + SIGNS + i) + "/signatures", signed.get(1 + SIGNS + i)));
        StringBuilder table = new StringBuilder();
        table.append("| operation                          |      n |   req/s   | p50 (ms) | p95 (ms) |\n");
        table.append("|------------------------------------|-------:|----------:|---------:|---------:|\n");
        for (Figures f : List.of(readDirect, readGateway, signDirect, signGateway)) {
            table.append(f.row()).append('\n');
        }
        table.append(String.format(
                Locale.ROOT,
                "%nOverhead (gateway / LedgerClient): reads %.2fx p50, %.2fx throughput; signatures %.2fx p50, %.2fx throughput%n",
                readGateway.p50Ms() / readDirect.p50Ms(),
                readDirect.perSecond() / readGateway.perSecond(),
                signGateway.p50Ms() / signDirect.p50Ms(),
                signDirect.perSecond() / signGateway.perSecond()));
        System.out.println(table);
        Path report = Path.of("target", "gateway-overhead.md");
        Files.writeString(report, table.toString());
        assertThat(readGateway.n()).isEqualTo(READS);
    }
}
