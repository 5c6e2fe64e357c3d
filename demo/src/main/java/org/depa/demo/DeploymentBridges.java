package org.depa.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.KeyFile;
import org.depa.demo.deployment.Deployment;
import org.depa.demo.deployment.DeploymentException;
import org.depa.demo.deployment.DeploymentState;
import org.depa.demo.party.Party;
import org.depa.testkit.PemText;

/**
 * The TDPs' own kms-bridge processes of a deployment. A TDP keeps its dataset key in a key file of
 * its own (as {@code depa dataset keygen} writes it), puts it into its bridge's key store with the
 * bridge's {@code import-key} program in a JVM of its own (what {@code depa kms import-key} runs;
 * the store's password from the deployment's owner-only file, passed in the environment), and
 * restarts its bridge, which reads its store at start. The restarted bridge also trusts the
 * emulated chip of this run's clean room (the development switch, logged loudly by the bridge),
 * as the quick start's bridges do.
 */
final class DeploymentBridges implements DatasetKeyCustody {
    private static final String IMPORT_TOOL = "org.depa.kms.custody.KeyImportTool";

    private final Deployment deployment;
    private final DeploymentState state;
    private final Path dir;
    private final SnpEmulator chip;

    DeploymentBridges(Deployment deployment, DeploymentState state, Path dir, SnpEmulator chip) {
        this.deployment = deployment;
        this.state = state;
        this.dir = dir;
        this.chip = chip;
    }

    @Override
    public URI hold(Party tdp, String name, DatasetKey key, Path ciphertext, String datasetId) throws IOException {
        DeploymentState.PartyEntry entry = state.party(name)
                .filter(e -> e.id().equals(tdp.id()) && !e.bridge().isEmpty())
                .orElseThrow(() -> new IOException("the deployment has no bridge for TDP " + tdp.id()));
        Path own = Files.createDirectories(dir.resolve(name));
        Path keyFile = own.resolve(name + ".key");
        byte[] raw = key.bytes();
        try {
            Files.deleteIfExists(keyFile);
            KeyFile.writeNew(keyFile, KeyFile.Kind.DATASET, Base64.getEncoder().encodeToString(raw));
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
        Path bridgeDir = deployment.layout().bridge(tdp.id());
        importKey(keyFile, ciphertext, datasetId, name, bridgeDir);
        Path ark = bridgeDir.resolve("development-root.pem");
        Files.writeString(ark, PemText.encode(chip.ark()), StandardCharsets.US_ASCII);
        try {
            deployment.restartBridge(name, Optional.of(ark), line -> {});
        } catch (DeploymentException e) {
            throw new IOException("restarting " + e.component() + " after the key import: " + e.getMessage(), e);
        }
        return URI.create(entry.bridge());
    }

    private void importKey(Path keyFile, Path ciphertext, String datasetId, String name, Path bridgeDir)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                IMPORT_TOOL,
                "--key",
                keyFile.toString(),
                "--dataset-id",
                datasetId,
                "--ciphertext",
                ciphertext.toString(),
                "--key-id",
                DatasetKeyCustody.keyId(name),
                "--pkcs12",
                bridgeDir.resolve("dataset-keys.p12").toString()));
        Path out = dir.resolve(name).resolve("import-key.out");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment()
                .put(
                        "DEPA_KMS_KEYSTORE_PASSWORD",
                        Files.readString(bridgeDir.resolve("keystore.password")).trim());
        Process p = pb.start();
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("import-key for " + datasetId + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while importing the key of " + datasetId, e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("import-key refused the key of " + datasetId + " (exit " + p.exitValue() + "): "
                    + Files.readString(out).strip());
        }
    }

    @Override
    public void close() {
        // The bridges are the deployment's: they keep running for the next client.
    }
}
