package org.depa.demo;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateEncodingException;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import org.depa.data.endpoint.Tls;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.KeyFile;
import org.depa.demo.deployment.Deployment;
import org.depa.demo.deployment.DeploymentState;
import org.depa.demo.party.Party;
import org.depa.kms.protocol.BridgeAddress;
import org.depa.kms.protocol.BridgeAdminClient;
import org.depa.kms.protocol.KeyImportRequest;
import org.depa.ledger.model.Hashes;

/**
 * The TDPs' and the TDC's own kms-bridge processes of a deployment. A TDP keeps its dataset key in a
 * key file of its own (as {@code depa dataset keygen} writes it; the TDC its spec key, as
 * {@code depa job seal-spec} writes it) and imports it into its running bridge over mutual TLS, as
 * its owner (what {@code depa kms import-key --bridge} sends: the key file and its proof, the
 * ciphertext's start or the sealed spec; the bridge checks it and releases the key at once, no
 * restart), then asks it, again as its owner, whether it holds the key. It registers its bridge's
 * https address pinning the bridge's server certificate. Every bridge of the deployment trusts the
 * host's emulated chip (the development switch, logged loudly by each bridge), which the clean
 * room attests with.
 */
final class DeploymentBridges implements DatasetKeyCustody {
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
        byte[] start;
        try (java.io.InputStream in = Files.newInputStream(ciphertext)) {
            start = in.readNBytes(KeyImportRequest.CIPHERTEXT_PROOF_BYTES);
        }
        importKey(
                entry,
                DatasetKeyCustody.keyId(name),
                KeyImportRequest.dataset(
                        Files.readString(keyFile),
                        datasetId,
                        Base64.getEncoder().encodeToString(start),
                        false),
                "the key of " + datasetId);
        checkHeld(entry, DatasetKeyCustody.keyId(name));
        return pinned(entry);
    }

    /**
     * The TDC's own bridge process: the TDC seals its spec naming that bridge, keeps the spec key in a key file of its
     * own (as {@code depa job seal-spec --key-out} writes it) and imports it into its running bridge with the sealed
     * spec as the proof (the bridge checks the key opens it and stores it as {@code spec-<commitment>}).
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
                entry,
                keyId,
                KeyImportRequest.spec(
                        Files.readString(keyFile),
                        Base64.getEncoder().encodeToString(Files.readAllBytes(sealed)),
                        false),
                "the key of its sealed spec (" + keyId + ")");
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
     * The import into the running bridge, over mutual TLS as its owner ({@code depa kms import-key --bridge}): the
     * bridge checks the proof, stores the key and releases it from then on.
     */
    private void importKey(DeploymentState.PartyEntry entry, String keyId, KeyImportRequest request, String what)
            throws IOException {
        try {
            new BridgeAdminClient(ownerTls(entry)).importKey(URI.create(entry.bridge()), keyId, request);
        } catch (BridgeAdminClient.AdminException e) {
            throw new IOException("bridge " + entry.bridge() + " refused " + what + ": " + e.getMessage(), e);
        }
    }

    /**
     * After the import, the party asks its own bridge over mutual TLS (its own client certificate, the
     * organisation's CA as the only trust) whether it now holds the key: the check is the owner's alone.
     */
    private void checkHeld(DeploymentState.PartyEntry entry, String keyId) throws IOException {
        try {
            if (!new BridgeAdminClient(ownerTls(entry)).holds(URI.create(entry.bridge()), keyId)) {
                throw new IOException("bridge " + entry.bridge() + " does not hold " + keyId + " after the import");
            }
        } catch (BridgeAdminClient.AdminException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The party's own TLS client identity, trusting its organisation's CA only. */
    private SSLContext ownerTls(DeploymentState.PartyEntry entry) throws IOException {
        Path own = deployment.layout().party(entry.id());
        return Tls.context(
                Tls.certificates(Files.readString(deployment.layout().orgCa(entry.mspId()))),
                Tls.privateKey(Files.readString(own.resolve("tls-key.pem"))),
                Tls.certificates(Files.readString(own.resolve("tls-cert.pem"))));
    }

    @Override
    public void close() {
        // The bridges are the deployment's: they keep running for the next client.
    }
}
