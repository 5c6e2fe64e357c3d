package org.depa.demo.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Where a deployment keeps its files, all under {@code var/deployment} of the repository and
 * readable by the owner only: {@code deployment.json} (what runs), {@code logs/} (one log per
 * component), {@code run/} (one PID record per component), {@code orgs/<MSP>/} (the organisation's
 * TLS CA certificate, its gateway's server certificate and the ledger enrolments the gateway holds
 * for its participants), {@code parties/<id>/} (each participant's TLS and ledger identities),
 * {@code bridges/<id>/} (each TDP's key store and its password), {@code data-endpoints/<tdp>/} (each
 * TDP's data endpoint) and {@code operator/}.
 */
public final class DeploymentLayout {
    private final Path root;
    private final Path home;

    /** @param home the repository (jars, network-config, var/network) */
    public DeploymentLayout(Path home) {
        this.home = home.toAbsolutePath().normalize();
        this.root = this.home.resolve("var").resolve("deployment");
    }

    public Path home() {
        return home;
    }

    public Path root() {
        return root;
    }

    public Path stateFile() {
        return root.resolve("deployment.json");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    public Path log(String component) {
        return logs().resolve(component + ".log");
    }

    public Path run() {
        return root.resolve("run");
    }

    public Path org(String mspId) {
        return root.resolve("orgs").resolve(mspId);
    }

    /** The organisation's TLS CA certificate: its gateway trusts client certificates it issued, clients trust the gateway's. */
    public Path orgCa(String mspId) {
        return org(mspId).resolve("tls-ca.pem");
    }

    /** The gateway's wallet: {@code <sha256 of a participant's TLS certificate>/cert.pem, key.pem}. */
    public Path fabricClients(String mspId) {
        return org(mspId).resolve("fabric-clients");
    }

    public Path party(String id) {
        return root.resolve("parties").resolve(id);
    }

    /** Party {@code partyId}'s bridge: its key store, the store's password, its TLS server certificate and key. */
    public Path bridge(String partyId) {
        return root.resolve("bridges").resolve(partyId);
    }

    /** Party {@code partyId}'s bridge's PKCS#12 key store (dataset keys of a TDP, the spec key of the TDC). */
    public Path bridgeKeyStore(String partyId) {
        return bridge(partyId).resolve("keys.p12");
    }

    /** Party {@code partyId}'s bridge's TLS server certificate, issued by its organisation's TLS CA. */
    public Path bridgeServerCertificate(String partyId) {
        return bridge(partyId).resolve("server.pem");
    }

    /** TDP {@code tdpBaseId}'s data endpoint: {@code endpoint.properties}, its TLS identity, {@code store/}, {@code state/}. */
    public Path dataEndpoint(String tdpBaseId) {
        return root.resolve("data-endpoints").resolve(tdpBaseId);
    }

    /**
     * Organisation {@code mspId}'s gateway's client identity towards the TDPs' data endpoints
     * ({@code data-client.pem}, {@code data-client-key.pem}): issued by its TLS CA, pinned to the
     * organisation by every endpoint, so the gateway fetches samples for its own participants only.
     */
    public Path gatewayDataClient(String mspId) {
        return org(mspId).resolve("data-client.pem");
    }

    public Path gatewayDataClientKey(String mspId) {
        return org(mspId).resolve("data-client-key.pem");
    }

    /** Every TDP data endpoint's certificate, the only ones the gateways trust when they fetch a sample. */
    public Path dataEndpointsTrust() {
        return root.resolve("data-endpoints").resolve("endpoints-trust.pem");
    }

    public Path operator() {
        return root.resolve("operator");
    }

    /** The operator's state directory: its event checkpoint, its own log and one workspace per job ({@code jobs/<jobId>}). */
    public Path operatorState() {
        return operator().resolve("state");
    }

    /**
     * The host's emulated SEV-SNP chip (no hardware here): every clean room the operator launches
     * attests with it (its VCEK key is in the file, owner-only), and every bridge trusts its root
     * under the development switch, which each logs loudly.
     */
    public Path emulatedChip() {
        return root.resolve("emulated-chip.properties");
    }

    /** The emulated chip's root certificate (ARK), which the bridges trust as a development root. */
    public Path emulatedChipArk() {
        return root.resolve("emulated-chip-ark.pem");
    }

    /** The payment chain and relay: {@code chain.properties} (rpcUrl, chainId, token, escrow), {@code chain/}, {@code relay/}. */
    public Path payments() {
        return root.resolve("payments");
    }

    public Path network() {
        return home.resolve("var").resolve("network");
    }

    public Path gatewayJar() {
        return home.resolve("gateway-api/target/quarkus-app/quarkus-run.jar");
    }

    public Path bridgeJar() {
        return home.resolve("kms-bridge/target/quarkus-app/quarkus-run.jar");
    }

    /** Creates {@code dir} and its parents under the root, owner-only (rwx------). */
    static Path ownerOnly(Path dir) throws IOException {
        // Every level made here is made owner-only (the umask can only narrow rwx------).
        Files.createDirectories(
                dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        return dir;
    }

    /** Writes {@code text} to a new owner-only file (rw-------), replacing any. */
    static Path writeSecret(Path file, String text) throws IOException {
        ownerOnly(file.getParent());
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, text);
        return file;
    }
}
