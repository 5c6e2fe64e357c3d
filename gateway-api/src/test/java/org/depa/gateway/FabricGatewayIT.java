package org.depa.gateway;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.SignContractRequest;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The lifecycle through the gateway on the real Fabric network (network-config/network.sh up and
 * deploy first). Skipped unless -Ddepa.fabric.network=<network dir>; run it under
 * {@code flock /tmp/depa-fabric.lock}. Ids carry a per-run tag: the network keeps earlier runs.
 */
@QuarkusTest
@TestProfile(FabricGatewayIT.FabricProfile.class)
@QuarkusTestResource(TestPki.class)
@EnabledIfSystemProperty(named = "depa.fabric.network", matches = ".+")
class FabricGatewayIT {
    /** The gateway on Fabric, acting for the network's three organisations. */
    public static final class FabricProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "depa.gateway.ledger.mode", "fabric",
                    "depa.gateway.ledger.fabric-network", System.getProperty("depa.fabric.network", ""),
                    "depa.gateway.organisations", "SROMSP,ProviderMSP,ConsumerMSP");
        }
    }

    @Test
    void aContractIsProposedSignedLocallyAndActivatedThroughTheGateway() {
        String tag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        Member tdp = Api.onboard("fit-tdp-" + tag, Role.TDP, "ProviderMSP");
        Member tdc = Api.onboard("fit-tdc-" + tag, Role.TDC, "ConsumerMSP");
        Member ccr = Api.onboard("fit-ccr-" + tag, Role.CCR_PROVIDER, "ConsumerMSP");
        Api.ensureMeasurement(World.MEASUREMENT);
        String data = "fit-data-" + tag;
        Api.json(tdp.spec(), World.datasetRequest(data, tdp.id(), "10"))
                .post("/v1/datasets")
                .then()
                .statusCode(200);
        String contract = "fit-c-" + tag;
        Api.json(tdc.spec(), LifecycleTestProposals.proposal(contract, tdc.id(), ccr.id(), data, "1"))
                .post("/v1/contracts")
                .then()
                .statusCode(200);
        for (Member m : List.of(tdc, tdp, ccr)) {
            Response s = m.spec().get("/v1/contracts/" + contract + "/signing-payload");
            byte[] payload = Base64.getDecoder().decode(s.path("payloadBase64").toString());
            Api.json(m.spec(), new SignContractRequest(contract, s.path("version"), m.id(), m.sign(payload)))
                    .post("/v1/contracts/" + contract + "/signatures")
                    .then()
                    .statusCode(200);
        }
        Api.json(tdc.spec(), new ContractActionRequest(contract, tdc.id(), null))
                .post("/v1/contracts/" + contract + "/activate")
                .then()
                .statusCode(200)
                .body("status", equalTo("ACTIVE"));
        tdp.spec().get("/v1/contracts/" + contract + "/history").then().statusCode(200);
        // A second activation is an invalid transition on Fabric as on the embedded ledger.
        Api.json(tdc.spec(), new ContractActionRequest(contract, tdc.id(), null))
                .post("/v1/contracts/" + contract + "/activate")
                .then()
                .statusCode(409);
    }
}
