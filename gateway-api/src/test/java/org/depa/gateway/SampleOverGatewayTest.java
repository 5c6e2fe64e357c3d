package org.depa.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.depa.data.endpoint.DataEndpoint;
import org.depa.data.endpoint.DataStore;
import org.depa.data.endpoint.SampleGate;
import org.depa.data.endpoint.Tls;
import org.depa.gateway.Api.Member;
import org.depa.gateway.ledger.LedgerConnections;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.testing.World;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11: a dataset's sample through the caller's own gateway, which fetches it from the TDP's
 * data endpoint (real HTTPS, mutual TLS with the gateway's organisation identity, pinned at the
 * endpoint to ConsumerMSP) for the caller, and the endpoint logs the access. Refused: a caller
 * without certificate, a suspended participant, a participant the endpoint does not let this
 * gateway act for; an unknown dataset is 404 naming it; an endpoint down is 503 naming the TDP.
 */
@QuarkusTest
@QuarkusTestResource(TestPki.class)
class SampleOverGatewayTest {
    static final String SAMPLE = "mobile,result\n9000000001,1\n9000000002,0\n";

    static Member tdc;
    static Member tdp;
    static Member providerTdc;
    static Member suspended;
    static DataEndpoint endpoint;
    static Path accessLog;

    @BeforeAll
    static void cast() throws Exception {
        tdc = Api.onboard("sm-tdc", Role.TDC, "ConsumerMSP");
        tdp = Api.onboard("sm-tdp", Role.TDP, "ProviderMSP");
        providerTdc = Api.onboard("sm-provider-tdc", Role.TDC, "ProviderMSP");
        suspended = Api.onboard("sm-suspended", Role.TDC, "ConsumerMSP");
        Api.json(Api.sro(), "{\"reason\":\"tests\"}")
                .post("/v1/participants/sm-suspended/suspend")
                .then()
                .statusCode(200);
        int port = ConfigProvider.getConfig().getValue(TestPki.DATA_PORT_PROPERTY, Integer.class);
        int down = ConfigProvider.getConfig().getValue(TestPki.DATA_DOWN_PORT_PROPERTY, Integer.class);
        register("sm-data", "https://127.0.0.1:" + port + "/v1/data/sm-data/sample");
        register("sm-down", "https://127.0.0.1:" + down + "/v1/data/sm-down/sample");
        register("sm-file", "file:///samples/sm-file.csv");

        Path pki = Api.pki();
        Path dir = Files.createTempDirectory("depa-sample-endpoint");
        Files.writeString(dir.resolve("sample.csv"), SAMPLE);
        Files.writeString(dir.resolve("data.enc"), "ciphertext");
        DataStore store = DataStore.at(dir.resolve("store"));
        store.publish("sm-data", dir.resolve("data.enc"), dir.resolve("sample.csv"));
        TypedLedger ledger = new TypedLedger(io.quarkus.arc.Arc.container()
                .instance(LedgerConnections.class)
                .get()
                .forOrganisation("ProviderMSP")
                .orElseThrow());
        String gatewaySha = Hashes.sha256Hex(Tls.certificates(Files.readString(pki.resolve("gateway-client.pem")))
                .get(0)
                .getEncoded());
        accessLog = dir.resolve("access.log");
        endpoint = DataEndpoint.start(
                store,
                Tls.context(
                        Tls.certificates(Files.readString(pki.resolve("ca.pem"))),
                        Tls.privateKey(Files.readString(pki.resolve("endpoint-server-key.pem"))),
                        Tls.certificates(Files.readString(pki.resolve("endpoint-server.pem")))),
                SampleGate.ledger(ledger, Map.of(gatewaySha, "ConsumerMSP")),
                accessLog,
                port);
    }

    @AfterAll
    static void stop() {
        if (endpoint != null) {
            endpoint.close();
        }
    }

    private static void register(String id, String sampleLocation) {
        DatasetRequest r = World.datasetRequest(id, tdp.id(), "10");
        DatasetRequest located = new DatasetRequest(
                r.id(),
                r.ownerId(),
                r.name(),
                r.description(),
                r.schema(),
                sampleLocation,
                r.encryptedLocation(),
                r.ciphertextSha256(),
                r.kmsEndpoint(),
                r.keyId(),
                r.terms());
        Api.json(tdp.spec(), located).post("/v1/datasets").then().statusCode(200);
    }

    @Test
    void aMemberGetsTheSampleThroughItsOwnGatewayAndTheTdpLogsTheAccess() throws Exception {
        Response r = tdc.spec().get("/v1/datasets/sm-data/sample");

        assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
        assertThat(r.asString()).isEqualTo(SAMPLE);
        assertThat(r.contentType()).startsWith("text/csv");
        assertThat(Files.readString(accessLog))
                .contains("sample dataset=\"sm-data\" participant=\"sm-tdc\" via=\"gateway:ConsumerMSP\"");
    }

    /** {@code depa api datasets sample ID --out FILE}: a new file, never over one; the endpoint down exits 3. */
    @Test
    void theCliWritesTheSampleToANewFileAndSaysWhichTdpIsDown() throws Exception {
        Path out = Files.createTempDirectory("depa-sample-cli").resolve("sample.csv");

        CliOverGatewayTest.Run ok =
                CliOverGatewayTest.depa(tdc, "datasets", "sample", "sm-data", "--out", out.toString());
        assertThat(ok.exit()).as(ok.err()).isZero();
        assertThat(Files.readString(out)).isEqualTo(SAMPLE);
        assertThat(ok.out())
                .contains("bytes")
                .contains(Integer.toString(SAMPLE.length()))
                .contains("sm-data");

        CliOverGatewayTest.Run again =
                CliOverGatewayTest.depa(tdc, "datasets", "sample", "sm-data", "--out", out.toString());
        assertThat(again.exit()).isEqualTo(2);
        assertThat(again.err()).contains("exists; depa never overwrites a file");
        assertThat(Files.readString(out)).isEqualTo(SAMPLE);

        Path none = out.resolveSibling("down.csv");
        CliOverGatewayTest.Run down =
                CliOverGatewayTest.depa(tdc, "datasets", "sample", "sm-down", "--out", none.toString());
        assertThat(down.exit()).isEqualTo(3);
        assertThat(down.err()).contains("DATA_ENDPOINT_UNAVAILABLE").contains("TDP 'sm-tdp'");
        assertThat(none).doesNotExist();
    }

    @Test
    void refusedOutsideTheConsortiumOrWhenSuspended() {
        assertThat(Api.anonymous().get("/v1/datasets/sm-data/sample").statusCode())
                .isEqualTo(401);
        Response r = suspended.spec().get("/v1/datasets/sm-data/sample");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.asString()).contains("PARTICIPANT_SUSPENDED").contains("sm-suspended");
    }

    /** The gateway serves ProviderMSP too, but the TDP's endpoint pinned its identity to ConsumerMSP only. */
    @Test
    void theTdpsEndpointRefusesAGatewayActingOutsideTheOrganisationItIsPinnedTo() throws Exception {
        Response r = providerTdc.spec().get("/v1/datasets/sm-data/sample");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.asString())
                .contains("NOT_PERMITTED")
                .contains("cannot act for participant 'sm-provider-tdc' of ProviderMSP");
        assertThat(Files.readString(accessLog)).contains("for=\"sm-provider-tdc\" outcome=\"refused NOT_PERMITTED\"");
    }

    @Test
    void anUnknownDatasetIs404NamingIt() {
        Response r = tdc.spec().get("/v1/datasets/sm-no-such/sample");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.asString()).contains("sm-no-such");
    }

    @Test
    void anEndpointDownOrNotAnEndpointIs503NamingTheTdp() {
        for (String id : List.of("sm-down", "sm-file")) {
            Response r = tdc.spec().get("/v1/datasets/" + id + "/sample");
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(503);
            assertThat(r.asString())
                    .contains("DATA_ENDPOINT_UNAVAILABLE")
                    .contains("the sample of dataset '" + id + "' cannot be fetched from the data endpoint of TDP"
                            + " 'sm-tdp'");
        }
    }
}
