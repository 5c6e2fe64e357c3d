package org.depa.demo.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import org.depa.demo.CovidDeployment;
import org.depa.ledger.model.domain.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code deployment up} launches for the TDC's sealed spec (issue 11), without a network. */
class ComponentLaunchesTest {
    @TempDir
    Path home;

    @Test
    void theTdcAndEachTdpHaveABridgeOfTheirOwnAndNobodyElseHasOne() {
        assertThat(CovidDeployment.seats()).allSatisfy(s -> assertThat(s.hasBridge())
                .as(s.baseId())
                .isEqualTo(s.role() == Role.TDP || s.role() == Role.TDC));
        assertThat(CovidDeployment.seats().stream().filter(s -> s.role() == Role.TDC))
                .hasSize(1);
    }

    @Test
    void theTdcsBridgeActsAsTheTdcOverHttpsOnlyWithItsOwnEnrolmentAndItsPasswordOnlyInTheEnvironment() {
        DeploymentLayout layout = new DeploymentLayout(home);
        ComponentLaunches.Launch b =
                new ComponentLaunches(layout, "cp").bridge("ai-lab", "ai-lab-d1", "ConsumerMSP", 8684, "s3cret-pw");
        assertThat(b.name()).isEqualTo("kms-ai-lab");
        assertThat(b.kind()).isEqualTo("kms-bridge");
        assertThat(b.url()).isEqualTo("https://127.0.0.1:8684");
        assertThat(b.command())
                .contains("-Ddepa.kms.party-id=ai-lab-d1", "-Ddepa.kms.ledger.msp-id=ConsumerMSP")
                .noneMatch(arg -> arg.contains("depa.kms.tdp-id"))
                .contains("-Dquarkus.http.ssl-port=8684", "-Dquarkus.http.insecure-requests=disabled")
                .contains("-Ddepa.kms.keystore.path=" + layout.bridgeKeyStore("ai-lab-d1"))
                .contains("-Dquarkus.tls.key-store.pem.0.cert=" + layout.bridgeServerCertificate("ai-lab-d1"))
                .contains("-Ddepa.kms.admin.owner-certificate="
                        + layout.party("ai-lab-d1").resolve("tls-cert.pem"))
                .contains("-Ddepa.kms.admin.organisation-ca=" + layout.orgCa("ConsumerMSP"))
                .contains("-Ddepa.kms.ledger.fabric.certificate="
                        + layout.party("ai-lab-d1").resolve("fabric/cert.pem"))
                .noneMatch(arg -> arg.contains("s3cret-pw"));
        assertThat(b.environment()).containsEntry("DEPA_KMS_KEYSTORE_PASSWORD", "s3cret-pw");
    }

    @Test
    void theCleanRoomImageHasNoSwitchToTakeASpecInClear() throws Exception {
        DeploymentLayout layout = new DeploymentLayout(home);
        new ComponentLaunches(layout, "cp").operator("ccr-cloud-d1", "ConsumerMSP", "ab".repeat(48));
        Path image = layout.operator().resolve("clean-room-image.properties");
        assertThat(Files.readString(image)).contains("evidence=emulated").doesNotContain("spec.unsealed");
        assertThat(Files.getPosixFilePermissions(image))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }
}
