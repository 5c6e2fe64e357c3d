package org.depa.gateway;

import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.depa.gateway.Api.Member;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.SignContractRequest;
import org.depa.ledger.testing.World;
import org.depa.testkit.FabricEnrolment;
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
                    "depa.gateway.ledger.mode",
                    "fabric",
                    "depa.gateway.ledger.fabric-network",
                    System.getProperty("depa.fabric.network", ""),
                    "depa.gateway.ledger.fabric-clients",
                    wallet().toString(),
                    "depa.gateway.organisations",
                    "SROMSP,ProviderMSP,ConsumerMSP",
                    // The whole channel is exported for a verification; generous on a shared machine.
                    "depa.gateway.audit.max-duration",
                    "PT10M");
        }
    }

    /** The participants' Fabric enrolments the gateway holds, by their TLS certificate's SHA-256. */
    static Path wallet() {
        return Path.of(System.getProperty("depa.fabric.network", "."), "gateway-clients");
    }

    /**
     * A participant with a TLS certificate of the test CA, enrolled on Fabric with its
     * organisation's CA (client OU) into the gateway's wallet: what the organisation's operator does
     * before the participant first calls.
     */
    static Member enrolled(String id, Role role, String mspId) throws Exception {
        Member m = Api.certified(id, role, mspId, "ca");
        LocalNetwork network = new LocalNetwork(Path.of(System.getProperty("depa.fabric.network")));
        FabricEnrolment.enrol(
                FabricEnrolment.caDirectory(network.org(mspId).usersDir()),
                id,
                wallet().resolve(Hashes.sha256Hex(m.credentials().certificate().getEncoded())));
        return m;
    }

    @Test
    void aContractIsProposedSignedLocallyAndActivatedThroughTheGateway() throws Exception {
        String tag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        Member tdp = Api.onboard(enrolled("fit-tdp-" + tag, Role.TDP, "ProviderMSP"));
        Member tdc = Api.onboard(enrolled("fit-tdc-" + tag, Role.TDC, "ConsumerMSP"));
        Member ccr = Api.onboard(enrolled("fit-ccr-" + tag, Role.CCR_PROVIDER, "ConsumerMSP"));
        // Without an enrolment the gateway has no ledger identity for a caller: it may not act (fail closed).
        Member unenrolled = Api.certified("fit-none-" + tag, Role.TDC, "ConsumerMSP", "ca");
        Api.json(
                        unenrolled.spec(),
                        new org.depa.ledger.model.tx.RegisterParticipantRequest(
                                unenrolled.id(),
                                Role.TDC,
                                "ConsumerMSP",
                                "x",
                                unenrolled.credentials().certificatePem()))
                .post("/v1/participants")
                .then()
                .statusCode(403)
                .body("code", equalTo("NOT_PERMITTED"));
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

    /**
     * Issue 17: the auditor's verification through the gateway on Fabric: the channel exported with the
     * auditor's own exporter from the auditor's organisation's peer, the block-level checks on the real
     * channel, and the bundle (manifest and block files) as a zip.
     */
    @Test
    void theVerificationRunsOverAnExportFromTheOrganisationsPeer() throws Exception {
        String tag = Long.toString(System.currentTimeMillis() % 100_000_000L, 36);
        Member auditor = Api.onboard(enrolled("fit-aud-" + tag, Role.AUDITOR, "ProviderMSP"));
        Response r =
                Api.json(auditor.spec(), "{\"allowDevelopmentRoots\":true}").post("/v1/audit/verifications");
        org.assertj.core.api.Assertions.assertThat(r.statusCode())
                .as(r.asString())
                .isEqualTo(201);
        org.assertj.core.api.Assertions.assertThat((String) r.path("ledger")).isEqualTo("fabric");
        List<Map<String, Object>> rows = r.path("checks");
        for (String check :
                List.of("fabric.block.hash-chain", "fabric.block.orderer-signatures", "fabric.tx.signature")) {
            org.assertj.core.api.Assertions.assertThat(rows).as(check).anySatisfy(row -> {
                org.assertj.core.api.Assertions.assertThat(row.get("id")).isEqualTo(check);
                org.assertj.core.api.Assertions.assertThat(row.get("verdict")).isEqualTo("PASS");
            });
        }
        Response zip = auditor.spec().get("/v1/audit/verifications/" + r.path("id") + "/bundle");
        org.assertj.core.api.Assertions.assertThat(zip.statusCode()).isEqualTo(200);
        try (java.util.zip.ZipInputStream in =
                new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.asByteArray()))) {
            List<String> names = new java.util.ArrayList<>();
            for (java.util.zip.ZipEntry e; (e = in.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
            org.assertj.core.api.Assertions.assertThat(names).anyMatch(n -> n.endsWith("/manifest.json"));
            org.assertj.core.api.Assertions.assertThat(names).anyMatch(n -> n.endsWith(".block"));
        }
    }
}
