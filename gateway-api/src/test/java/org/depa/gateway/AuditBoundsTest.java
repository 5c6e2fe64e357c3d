package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.domain.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 17: the gateway's verification is bounded. Its payment chain is a node that accepts the
 * connection and never answers, which holds a verification in its chain lookup for as long as the
 * test needs: meanwhile the same caller cannot start a second one (409 VERIFICATION_RUNNING) and,
 * with one slot, nobody else can (503 TOO_MANY_VERIFICATIONS); the held one is stopped at the
 * time limit (503 VERIFICATION_TOO_LONG). With the node gone, the verification runs without the
 * chain check and says so, and the payments page says the chain cannot be read, without an error.
 */
@QuarkusTest
@TestProfile(AuditBoundsTest.SilentChain.class)
@QuarkusTestResource(TestPki.class)
class AuditBoundsTest {
    /** A node that accepts connections and never answers. */
    static final class SilentNode {
        final ServerSocket server;
        final CountDownLatch accepted = new CountDownLatch(1);
        final List<Socket> held = new CopyOnWriteArrayList<>();

        SilentNode() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread t = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        held.add(server.accept());
                        accepted.countDown();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            t.setDaemon(true);
            t.start();
        }

        void close() throws IOException {
            server.close();
            for (Socket s : held) {
                s.close();
            }
        }
    }

    static final SilentNode NODE = new SilentNode();

    public static final class SilentChain implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "depa.gateway.ledger.directory",
                    AuditVerificationTest.temp("depa-audit-bounds").toString(),
                    "depa.gateway.payment-chain.rpc-url",
                    "http://127.0.0.1:" + NODE.server.getLocalPort(),
                    "depa.gateway.payment-chain.chain-id",
                    "31337",
                    "depa.gateway.payment-chain.escrow",
                    "0x00000000000000000000000000000000000000e5",
                    "depa.gateway.audit.max-duration",
                    "PT4S",
                    "depa.gateway.audit.max-running",
                    "1");
        }
    }

    @AfterAll
    static void stopNode() throws IOException {
        NODE.close();
    }

    @Test
    void oneAtATimePerCallerBoundedInTimeAndWithoutTheChainWhenItIsGone() throws Exception {
        Member auditor = Api.onboard("ab-auditor", Role.AUDITOR, "ProviderMSP");
        Member tdc = Api.onboard("ab-tdc", Role.TDC, "ConsumerMSP");
        Member tdp = Api.onboard("ab-tdp", Role.TDP, "ProviderMSP");
        Member ccr = Api.onboard("ab-ccr", Role.CCR_PROVIDER, "CcrMSP");
        Api.ensureMeasurement(org.depa.ledger.testing.World.MEASUREMENT);
        JobFixture.activeContract("ab-c1", tdc, tdp, ccr, JobFixture.COMMITMENT);

        CompletableFuture<Response> held = CompletableFuture.supplyAsync(
                () -> AuditVerificationTest.verify(auditor, "{\"allowDevelopmentRoots\":true}"));
        assertThat(NODE.accepted.await(60, TimeUnit.SECONDS))
                .as("the verification asked the chain")
                .isTrue();

        Response again = AuditVerificationTest.verify(auditor, "");
        assertThat(again.statusCode()).as(again.asString()).isEqualTo(409);
        assertThat((String) again.path("code")).isEqualTo("VERIFICATION_RUNNING");
        Response other = AuditVerificationTest.verify(tdc, "");
        assertThat(other.statusCode()).as(other.asString()).isEqualTo(503);
        assertThat((String) other.path("code")).isEqualTo("TOO_MANY_VERIFICATIONS");

        Response stopped = held.get(60, TimeUnit.SECONDS);
        assertThat(stopped.statusCode()).as(stopped.asString()).isEqualTo(503);
        assertThat((String) stopped.path("code")).isEqualTo("VERIFICATION_TOO_LONG");
        assertThat(stopped.asString()).contains("4 s").contains("depa audit verify");

        NODE.close();
        Response done = null;
        for (int i = 0; i < 120; i++) { // the stopped one lets go of its slot when its chain call ends
            done = AuditVerificationTest.verify(auditor, "{\"allowDevelopmentRoots\":true}");
            if (done.statusCode() != 409 && done.statusCode() != 503) {
                break;
            }
            Thread.sleep(500);
        }
        assertThat(done.statusCode()).as(done.asString()).isEqualTo(201);
        assertThat((String) done.path("verdict")).isEqualTo("PASS");
        assertThat((String) done.path("chain")).startsWith("not checked: ");

        String payments = DashboardWorld.page(tdc.spec(), "/dashboard/payments?contract=ab-c1")
                .asString();
        assertThat(payments)
                .contains("data-testid=\"balances-not-shown\"")
                .contains("cannot be read now")
                .contains("data-testid=\"payments-none\"");
    }
}
