package org.depa.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.depa.data.endpoint.EndpointSettings;
import org.depa.dataset.KeyFile;
import org.depa.dataset.SealedSpec;
import org.depa.demo.CovidDeployment;
import org.depa.demo.deployment.Deployment;
import org.depa.demo.deployment.DeploymentState;
import org.depa.demo.deployment.Seat;
import org.depa.demo.party.Party;
import org.depa.demo.remote.DeploymentConsortium;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.domain.JobStatus;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SpecKeyReleaseRecord;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.testkit.GenuineSnpFixtures;
import org.depa.testkit.onboarding.Onboarding;

/**
 * What {@link DeploymentIT} checks of the TDC's sealed spec over a deployment (issue 11): the TDC's
 * own bridge process released the spec key to the job's run and recorded it on the ledger; the spec,
 * its salt and the spec key are in no log of the deployment, no Fabric block file and not in the
 * demo's output; and the deployment's clean room refuses a job whose spec is in clear.
 */
final class SpecRelease {
    private SpecRelease() {}

    /** The base id of the scenario's TDC ("ai-lab"), whose bridge is the component {@code kms-ai-lab}. */
    static String tdcBaseId() {
        return tdcSeat().baseId();
    }

    /**
     * The sealed spec names the TDC, the job's commitment and the TDC's bridge; the job points at it;
     * the ledger has 1 to 3 spec-key releases for the job's run (one per clean-room launch that opened
     * the spec: the scenario SIGKILLs the operator), each the TDC's, for that job and commitment, and
     * each release's transaction is in the TDC's bridge's audit log and in no TDP bridge's.
     */
    static void assertReleasedByTheTdcsBridge(Deployment deployment, Path runDir, String demoOut) throws Exception {
        DeploymentState state = DeploymentState.read(deployment.layout()).orElseThrow();
        String jobId = "covid-2026-job-1-" + state.tag();
        DeploymentState.PartyEntry tdcEntry = state.party(tdcBaseId()).orElseThrow();
        assertThat(tdcEntry.bridge()).as("the TDC's bridge").isEqualTo("https://127.0.0.1:8684");
        String pinned = BridgeTlsChecks.pinnedAddress(deployment, tdcEntry);
        assertThat(demoOut)
                .contains("the TDC sealed its spec")
                .contains("under a key only its own bridge (" + pinned + ") holds")
                .doesNotContain("UNSEALED")
                .doesNotContain("spec.unsealed");

        Path sealedFile = runDir.resolve("tdc").resolve("spec.sealed");
        SealedSpec.Sealed sealed = SealedSpec.read(Files.readAllBytes(sealedFile));
        try (DeploymentConsortium c = DeploymentConsortium.open(deployment.layout(), state)) {
            Party tdc = tdc(c, state);
            TrainingJob job = tdc.ledger().evaluate(Jobs.GET, jobId);
            // The sealed spec came over HTTPS from the TDC's own endpoint, pinning its certificate and the size,
            // and that endpoint's access log shows the clean room's download.
            EndpointSettings endpoint = EndpointSettings.read(
                    deployment.layout().dataEndpoint(tdcBaseId()).resolve("endpoint.properties"));
            assertThat(job.sealedSpecUri())
                    .startsWith(endpoint.baseUri() + "v1/data/")
                    .endsWith("/ciphertext#tls-cert-sha256=" + endpoint.certificateSha256() + "&bytes="
                            + Files.size(sealedFile));
            assertThat(demoOut).contains("the sealed spec published on its own endpoint " + endpoint.baseUri());
            String specId = job.sealedSpecUri()
                    .substring(
                            (endpoint.baseUri() + "v1/data/").length(),
                            job.sealedSpecUri().indexOf("/ciphertext"));
            assertThat(Files.readString(endpoint.stateDir().resolve("access.log")))
                    .as("the clean room downloaded the sealed spec from the TDC's endpoint")
                    .contains("ciphertext dataset=\"" + specId + "\" from=\"127.0.0.1\" range=\"0-")
                    .contains("outcome=\"served\"");
            assertThat(sealed.header().tdcId()).isEqualTo(tdc.id());
            assertThat(sealed.header().commitment()).isEqualTo(job.modelSpecCommitment());
            assertThat(sealed.header().kmsEndpoint().toString()).isEqualTo(pinned);

            String runId = job.runIds().get(0);
            List<SpecKeyReleaseRecord> releases = tdc.ledger().evaluate(Runs.SPEC_KEY_RELEASES, runId);
            assertThat(releases).as("spec-key releases of run " + runId).hasSizeBetween(1, 3);
            String bridgeLog = Files.readString(deployment.layout().log("kms-" + tdcBaseId()));
            for (SpecKeyReleaseRecord r : releases) {
                assertThat(r.tdcId()).isEqualTo(tdc.id());
                assertThat(r.jobId()).isEqualTo(jobId);
                assertThat(r.runId()).isEqualTo(runId);
                assertThat(r.modelSpecCommitment()).isEqualTo(job.modelSpecCommitment());
                assertThat(bridgeLog)
                        .as("the TDC's bridge's audit log")
                        .contains("outcome=RELEASED tdp=" + tdc.id() + " run=" + runId + " dataset=job:" + jobId
                                + " keyId=" + SealedSpec.keyId(job.modelSpecCommitment()) + " tx=" + r.txId());
                for (String tdp : List.of("icmr", "cowin", "index")) {
                    assertThat(Files.readString(deployment.layout().log("kms-" + tdp)))
                            .doesNotContain(r.txId());
                }
            }
            Path agentLog = deployment
                    .layout()
                    .operatorState()
                    .resolve("jobs")
                    .resolve(jobId)
                    .resolve("agent.log");
            assertThat(Files.readString(agentLog))
                    .contains("clean room: spec key released by " + tdc.id() + "'s bridge to run " + runId);
        }
        assertNoSpecKeyAnywhere(deployment, runDir, demoOut);
    }

    /** The spec key (as base64, base64url and hex) in no log of the deployment, no block file and not in the output. */
    private static void assertNoSpecKeyAnywhere(Deployment deployment, Path runDir, String demoOut) throws Exception {
        Path keyFile = runDir.resolve("party-keys").resolve(tdcBaseId()).resolve("spec.key");
        byte[] key = KeyFile.read(keyFile, KeyFile.Kind.SPEC);
        List<String> forms = List.of(
                Base64.getEncoder().encodeToString(key),
                Base64.getUrlEncoder().withoutPadding().encodeToString(key),
                HexFormat.of().formatHex(key));
        for (String form : forms) {
            assertThat(demoOut).doesNotContain(form);
            for (Path log : DeploymentIT.logsOfTheDeployment()) {
                assertThat(Files.readString(log)).as(log.toString()).doesNotContain(form);
            }
        }
        List<Path> blocks = blockFiles(deployment.layout().network());
        assertThat(blocks).isNotEmpty();
        for (Path b : blocks) {
            String bytes = new String(Files.readAllBytes(b), StandardCharsets.ISO_8859_1);
            for (String form : forms) {
                assertThat(bytes.contains(form)).as(b + " holds the spec key").isFalse();
            }
        }
    }

    /**
     * The TDC (or whoever writes its job) points a job at the spec bundle in clear: the deployment's
     * clean-room image has no development switch, so the clean room fails at MODEL_SPEC on every
     * launch, before any run starts or any key is asked for, and the operator fails the job. The scenario's contract is
     * COMPLETED by its job, so this job runs under a fresh one-TDP contract with the same commitment,
     * signed and activated by the deployment's parties through their own gateways.
     */
    static void assertAnUnsealedSpecFailsClosed(Deployment deployment, Path runDir) throws Exception {
        DeploymentState state = DeploymentState.read(deployment.layout()).orElseThrow();
        assertThat(Files.readString(deployment.layout().operator().resolve("clean-room-image.properties")))
                .doesNotContain("spec.unsealed");
        String tag = state.tag();
        String jobId = "covid-2026-unsealed-" + tag;
        String contractId = "covid-2026-unsealed-" + tag;
        try (DeploymentConsortium c = DeploymentConsortium.open(deployment.layout(), state)) {
            Party tdc = tdc(c, state);
            Party ccr = party(c, state, Role.CCR_PROVIDER, "ccr-cloud");
            Party icmr = party(c, state, Role.TDP, "icmr");
            TrainingJob done = tdc.ledger().evaluate(Jobs.GET, "covid-2026-job-1-" + tag);
            Instant now = Instant.now();
            new Onboarding(c.domain(), c.sro())
                    .activeContract(
                            tdc.member(),
                            new ContractProposal(
                                            contractId,
                                            tdc.id(),
                                            ccr.id(),
                                            "TRAINING",
                                            now.minus(Duration.ofMinutes(1)).toString(),
                                            now.plus(Duration.ofDays(1)).toString(),
                                            List.of(new DatasetClauseRequest(
                                                    "icmr-2026-" + tag,
                                                    "icmr_patient_mobilenumber",
                                                    new PrivacyConstraints(
                                                            new BigDecimal("0.5"),
                                                            new BigDecimal("0.01"),
                                                            new BigDecimal("1.0"),
                                                            new BigDecimal("2.0"),
                                                            30),
                                                    300_000L)),
                                            List.of(GenuineSnpFixtures.MILAN_MEASUREMENT),
                                            new PaymentTerms("INR", 2000),
                                            new RevocationTerms(List.of(Role.TDP, Role.TDC)))
                                    .withModelSpecCommitment(done.modelSpecCommitment()),
                            List.of(tdc.member(), ccr.member(), icmr.member()));
            Path clear = runDir.resolve("tdc").resolve("spec-bundle.json");
            tdc.ledger()
                    .submit(
                            Jobs.SUBMIT,
                            new SubmitJobRequest(
                                    jobId,
                                    tdc.id(),
                                    List.of(contractId),
                                    done.modelSpecCommitment(),
                                    clear.toUri().toString(),
                                    done.outputKeyId()));
            Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
            TrainingJob job = tdc.ledger().evaluate(Jobs.GET, jobId);
            while (!job.status().isFinal() && Instant.now().isBefore(deadline)) {
                Thread.sleep(1000);
                job = tdc.ledger().evaluate(Jobs.GET, jobId);
            }
            System.out.println("[unsealed] job " + jobId + " " + job.status() + ": " + job.reason());
            assertThat(job.status()).isEqualTo(JobStatus.FAILED);
            // A spec in clear is a permanent failure: one launch, although maxAttempts is 3 in a deployment.
            assertThat(job.reason())
                    .startsWith("clean room failed on attempt 1 (permanent, not retried): MODEL_SPEC: ")
                    .contains("is not sealed (depa job seal-spec)");
            assertThat(job.runIds()).isEmpty();
            assertThat(tdc.ledger().evaluate(Runs.LIST_BY_CONTRACT, contractId))
                    .as("no run started")
                    .isEmpty();
        }
        Path ws = deployment.layout().operatorState().resolve("jobs").resolve(jobId);
        assertThat(ws.resolve("clean-room-2.log"))
                .as("a permanent failure is not relaunched")
                .doesNotExist();
        assertThat(Files.readString(ws.resolve("agent.log")))
                .contains("FAILED MODEL_SPEC")
                .contains("is not sealed (depa job seal-spec)");
    }

    private static Party party(DeploymentConsortium c, DeploymentState state, Role role, String baseId) {
        Seat s = CovidDeployment.seats().stream()
                .filter(x -> x.role() == role && x.baseId().equals(baseId))
                .findFirst()
                .orElseThrow();
        return c.party(s.id(state.tag()), s.role(), s.mspId(), baseId, s.algorithm());
    }

    private static Party tdc(DeploymentConsortium c, DeploymentState state) {
        Seat s = tdcSeat();
        return c.party(s.id(state.tag()), s.role(), s.mspId(), "TDC", s.algorithm());
    }

    private static Seat tdcSeat() {
        return CovidDeployment.seats().stream()
                .filter(x -> x.role() == Role.TDC)
                .findFirst()
                .orElseThrow();
    }

    private static List<Path> blockFiles(Path network) throws IOException {
        try (Stream<Path> all = Files.walk(network)) {
            return all.filter(p -> p.getFileName().toString().startsWith("blockfile_") && Files.isRegularFile(p))
                    .toList();
        }
    }
}
