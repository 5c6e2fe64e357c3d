package org.depa.demo.deployment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The command line, environment and configuration of each component. Configuration is file paths
 * and ids only; the one secret a component needs at start (a bridge's key-store password) goes
 * into its environment, never onto a command line, which any local user can read.
 */
final class ComponentLaunches {
    /** The clean room the operator launches per job: ccr-agent's entry point for a job's {@code clean-room.json}. */
    static final String CLEAN_ROOM_MAIN = "org.depa.ccr.agent.CleanRoomMain";

    /** A component to start. */
    record Launch(
            String name,
            String kind,
            String mspId,
            String url,
            List<String> command,
            Map<String, String> environment) {}

    private final DeploymentLayout layout;
    private final String java;
    private final String classPath;

    /** @param classPath the class path of this program, which holds the operator and the clean-room agent */
    ComponentLaunches(DeploymentLayout layout, String classPath) {
        this.layout = layout;
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        this.classPath = classPath;
    }

    Launch gateway(String mspId, int port, Optional<String> sroOperatorSha256) {
        Path org = layout.org(mspId);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("depa.gateway.organisations", mspId);
        p.put("depa.gateway.ledger.mode", "fabric");
        p.put("depa.gateway.ledger.fabric-network", layout.network().toString());
        p.put("depa.gateway.ledger.fabric-clients", layout.fabricClients(mspId).toString());
        sroOperatorSha256.ifPresent(sha -> p.put("depa.gateway.sro-operators", sha));
        p.put("quarkus.http.ssl-port", Integer.toString(port));
        p.put("quarkus.tls.key-store.pem.0.cert", org.resolve("server.pem").toString());
        p.put("quarkus.tls.key-store.pem.0.key", org.resolve("server-key.pem").toString());
        p.put("quarkus.tls.trust-store.pem.certs", layout.orgCa(mspId).toString());
        return new Launch(
                "gateway-" + shortName(mspId),
                "gateway",
                mspId,
                "https://127.0.0.1:" + port,
                jar(layout.gatewayJar(), p),
                Map.of());
    }

    /**
     * @param developmentRoot an emulated chip's ARK the bridge trusts besides AMD's roots (development only:
     *     the bridge logs it at start and on every release)
     */
    Launch bridge(
            String tdpBaseId,
            String tdpId,
            String mspId,
            int port,
            String keyStorePassword,
            Optional<Path> developmentRoot) {
        Path party = layout.party(tdpId);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.http.port", Integer.toString(port));
        p.put("depa.kms.tdp-id", tdpId);
        p.put("depa.kms.ledger.kind", "fabric");
        p.put("depa.kms.ledger.msp-id", mspId);
        p.put("depa.kms.ledger.fabric.network", layout.network().toString());
        p.put(
                "depa.kms.ledger.fabric.certificate",
                party.resolve("fabric/cert.pem").toString());
        p.put("depa.kms.ledger.fabric.key", party.resolve("fabric/key.pem").toString());
        p.put("depa.kms.keystore.kind", "pkcs12");
        p.put("depa.kms.keystore.path", keyStore(tdpId).toString());
        developmentRoot.ifPresent(ark -> {
            p.put("depa.kms.development-root.enabled", "true");
            p.put("depa.kms.development-root.certificate", ark.toString());
            p.put("depa.kms.development-root.product", "Milan");
        });
        return new Launch(
                "kms-" + tdpBaseId,
                "kms-bridge",
                mspId,
                "http://127.0.0.1:" + port,
                jar(layout.bridgeJar(), p),
                Map.of("DEPA_KMS_KEYSTORE_PASSWORD", keyStorePassword));
    }

    Path keyStore(String tdpId) {
        return layout.bridge(tdpId).resolve("dataset-keys.p12");
    }

    /** The CCR provider's operator, acting through the provider's own Fabric enrolment. */
    Launch operator(String ccrId, String mspId) throws DeploymentException {
        Path dir = layout.operator();
        Path party = layout.party(ccrId);
        String props = String.join(
                "\n",
                "ccrProviderId=" + ccrId,
                "stateDir=" + dir.resolve("state"),
                "maxCleanRooms=1",
                "maxAttempts=2",
                "cleanRoomCommand=" + java + " -cp " + classPath + " " + CLEAN_ROOM_MAIN + " {config}",
                "ledger=fabric",
                "network=" + layout.network(),
                "mspId=" + mspId,
                "clientCertificate=" + party.resolve("fabric/cert.pem"),
                "clientKey=" + party.resolve("fabric/key.pem"),
                "");
        Path file = dir.resolve("operator.properties");
        try {
            DeploymentLayout.writeSecret(file, props);
        } catch (IOException e) {
            throw new DeploymentException("operator", "cannot write " + file + ": " + e.getMessage(), e);
        }
        List<String> cmd = List.of(java, "-cp", classPath, "org.depa.ccr.operator.OperatorMain", file.toString());
        return new Launch("operator", "operator", mspId, "", cmd, Map.of());
    }

    private List<String> jar(Path jar, Map<String, String> properties) {
        List<String> cmd = new ArrayList<>();
        cmd.add(java);
        cmd.add("-Xmx256m");
        properties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-jar");
        cmd.add(jar.toString());
        return cmd;
    }

    /** SROMSP -> sro, ProviderMSP -> provider. */
    static String shortName(String mspId) {
        String s = mspId.endsWith("MSP") ? mspId.substring(0, mspId.length() - 3) : mspId;
        return s.toLowerCase(Locale.ROOT);
    }
}
