package org.depa.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.depa.data.endpoint.Tls;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.KeyFile;
import org.depa.demo.deployment.Deployment;
import org.depa.demo.deployment.DeploymentException;
import org.depa.demo.deployment.DeploymentState;
import org.depa.demo.party.Party;
import org.depa.kms.protocol.BridgeAddress;
import org.depa.kms.protocol.BridgeAdminClient;
import org.depa.ledger.model.Hashes;

/**
 * The TDPs' and the TDC's own kms-bridge processes of a deployment. A TDP keeps its dataset key in a
 * key file of its own (as {@code depa dataset keygen} writes it; the TDC its spec key, as
 * {@code depa job seal-spec} writes it), puts it into its bridge's key store with the
 * bridge's {@code import-key} program in a JVM of its own (what {@code depa kms import-key} runs;
 * the store's password from the deployment's owner-only file, passed in the environment), and
 * restarts its bridge, which reads its store at start, then asks it over mutual TLS, as its owner, whether it
 * holds the key. It registers its bridge's https address pinning the bridge's server certificate. Every bridge of the deployment trusts the
 * host's emulated chip (the development switch, logged loudly by each bridge), which the clean
 * room attests with.
 */
final class DeploymentBridges implements DatasetKeyCustody {
    private static final String IMPORT_TOOL = "org.depa.kms.custody.KeyImportTool";

    private final Deployment deployment;
    private final DeploymentState state;
    private final Path dir;

    DeploymentBridges(Deployment deployment, DeploymentState state, Path dir) {
        this.deployment = deployment;
        this.state = state;
        this.dir = dir;
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
        importKey(
                List.of(
                        "--key",
                        keyFile.toString(),
                        "--dataset-id",
                        datasetId,
                        "--ciphertext",
                        ciphertext.toString(),
                        "--key-id",
                        DatasetKeyCustody.keyId(name)),
                "the key of " + datasetId,
                name,
                tdp.id());
        restart(name);
        checkHeld(entry, DatasetKeyCustody.keyId(name));
        return pinned(entry);
    }

    /**
     * The TDC's own bridge process: the TDC seals its spec naming that bridge, keeps the spec key in a key file of its
     * own (as {@code depa job seal-spec --key-out} writes it), imports it with {@code --sealed-spec} (the tool checks
     * the key opens the sealed spec and stores it as {@code spec-<commitment>}), and restarts its bridge.
     */
    @Override
    public URI holdSpecKey(Party tdc, DatasetKey key, String keyId, SpecSealing seal) throws IOException {
        DeploymentState.PartyEntry entry = state.parties().stream()
                .filter(e -> e.id().equals(tdc.id()) && !e.bridge().isEmpty())
                .findFirst()
                .orElseThrow(() -> new IOException("the deployment has no bridge for TDC " + tdc.id()));
        URI bridge = pinned(entry);
        Path sealed = seal.sealFor(bridge);
        Path keyFile = Files.createDirectories(dir.resolve(entry.baseId())).resolve("spec.key");
        byte[] raw = key.bytes();
        try {
            Files.deleteIfExists(keyFile);
            KeyFile.writeNew(keyFile, KeyFile.Kind.SPEC, Base64.getEncoder().encodeToString(raw));
        } finally {
            java.util.Arrays.fill(raw, (byte) 0);
        }
        importKey(
                List.of("--key", keyFile.toString(), "--sealed-spec", sealed.toString()),
                "the key of its sealed spec (" + keyId + ")",
                entry.baseId(),
                entry.id());
        restart(entry.baseId());
        checkHeld(entry, keyId);
        return bridge;
    }

    /**
     * The address the party registers (a dataset's kmsEndpoint, the sealed spec's header): its bridge's https URL
     * pinning the bridge's server certificate, which the clean room then trusts alone.
     */
    private URI pinned(DeploymentState.PartyEntry entry) throws IOException {
        String pem = Files.readString(deployment.layout().bridgeServerCertificate(entry.id()));
        try {
            String sha = Hashes.sha256Hex(Tls.certificates(pem).get(0).getEncoded());
            return BridgeAddress.pinned(URI.create(entry.bridge()), sha);
        } catch (CertificateEncodingException e) {
            throw new IOException("the server certificate of bridge " + entry.bridge() + " does not encode", e);
        }
    }

    /**
     * After the import and the restart, the party asks its own bridge over mutual TLS (its own client certificate,
     * the organisation's CA as the only trust) whether it now holds the key: the check is the owner's alone.
     */
    private void checkHeld(DeploymentState.PartyEntry entry, String keyId) throws IOException {
        Path own = deployment.layout().party(entry.id());
        SSLContext tls = Tls.context(
                Tls.certificates(Files.readString(deployment.layout().orgCa(entry.mspId()))),
                Tls.privateKey(Files.readString(own.resolve("tls-key.pem"))),
                Tls.certificates(Files.readString(own.resolve("tls-cert.pem"))));
        try {
            if (!new BridgeAdminClient(tls).holds(URI.create(entry.bridge()), keyId)) {
                throw new IOException("bridge " + entry.bridge() + " does not hold " + keyId + " after the import");
            }
        } catch (BridgeAdminClient.AdminException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    private void restart(String name) throws IOException {
        try {
            // Its development root stays the host's emulated chip, the one this run's clean room attests with.
            deployment.restartBridge(name, line -> {});
        } catch (DeploymentException e) {
            throw new IOException("restarting " + e.component() + " after the key import: " + e.getMessage(), e);
        }
    }

    /** {@code import-key ARGS --pkcs12 STORE} in a JVM of its own, as {@code depa kms import-key} runs it. */
    private void importKey(List<String> args, String what, String name, String partyId) throws IOException {
        Path bridgeDir = deployment.layout().bridge(partyId);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                IMPORT_TOOL));
        cmd.addAll(args);
        cmd.add("--pkcs12");
        cmd.add(deployment.layout().bridgeKeyStore(partyId).toString());
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
                throw new IOException("import-key for " + what + " did not finish in 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while importing " + what, e);
        }
        if (p.exitValue() != 0) {
            throw new IOException("import-key refused " + what + " (exit " + p.exitValue() + "): "
                    + Files.readString(out).strip());
        }
    }

    @Override
    public void close() {
        // The bridges are the deployment's: they keep running for the next client.
    }
}
