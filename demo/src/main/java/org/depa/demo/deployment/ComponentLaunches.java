package org.depa.demo.deployment;

import java.io.IOException;
import java.nio.file.Files;
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

    Launch gateway(String mspId, int port, Optional<String> sroOperatorSha256) throws DeploymentException {
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
        p.putAll(new JobOutputsWiring(layout).gatewayProperties(mspId));
        // Samples: fetched from the TDPs' data endpoints as this organisation's gateway (DataEndpointComponents).
        p.put("depa.gateway.data-endpoints.trust", layout.dataEndpointsTrust().toString());
        p.put(
                "depa.gateway.data-endpoints.client-certificate",
                layout.gatewayDataClient(mspId).toString());
        p.put(
                "depa.gateway.data-endpoints.client-key",
                layout.gatewayDataClientKey(mspId).toString());
        // The payment pages' balances and the audit's settlement check read the deployment's chain (read-only).
        p.put(
                "depa.gateway.payment-chain.file",
                layout.payments().resolve("chain.properties").toString());
        return new Launch(
                "gateway-" + shortName(mspId),
                "gateway",
                mspId,
                "https://127.0.0.1:" + port,
                jar(layout.gatewayJar(), p),
                Map.of());
    }

    /**
     * The bridge of a TDP (its dataset keys) or of the TDC (its sealed spec's key), acting on the ledger
     * as that participant. HTTPS only, with a server certificate from the party's organisation CA; its
     * administrative routes admit only the party's own TLS client certificate. It trusts the host's
     * emulated chip's ARK besides AMD's roots (development only: the bridge logs it at start and on
     * every release).
     */
    Launch bridge(String baseId, String partyId, String mspId, int port, String keyStorePassword) {
        Path party = layout.party(partyId);
        Path dir = layout.bridge(partyId);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("quarkus.http.ssl-port", Integer.toString(port));
        p.put("quarkus.http.insecure-requests", "disabled");
        p.put("quarkus.http.ssl.client-auth", "request");
        p.put(
                "quarkus.tls.key-store.pem.0.cert",
                layout.bridgeServerCertificate(partyId).toString());
        p.put("quarkus.tls.key-store.pem.0.key", dir.resolve("server-key.pem").toString());
        p.put("quarkus.tls.trust-store.pem.certs", layout.orgCa(mspId).toString());
        p.put("depa.kms.admin.organisation-ca", layout.orgCa(mspId).toString());
        p.put("depa.kms.admin.owner-certificate", party.resolve("tls-cert.pem").toString());
        p.put("depa.kms.party-id", partyId);
        p.put("depa.kms.ledger.kind", "fabric");
        p.put("depa.kms.ledger.msp-id", mspId);
        p.put("depa.kms.ledger.fabric.network", layout.network().toString());
        p.put(
                "depa.kms.ledger.fabric.certificate",
                party.resolve("fabric/cert.pem").toString());
        p.put("depa.kms.ledger.fabric.key", party.resolve("fabric/key.pem").toString());
        p.put("depa.kms.keystore.kind", "pkcs12");
        p.put("depa.kms.keystore.path", layout.bridgeKeyStore(partyId).toString());
        p.put("depa.kms.development-root.enabled", "true");
        p.put("depa.kms.development-root.certificate", layout.emulatedChipArk().toString());
        p.put("depa.kms.development-root.product", "Milan");
        return new Launch(
                "kms-" + baseId,
                "kms-bridge",
                mspId,
                "https://127.0.0.1:" + port,
                jar(layout.bridgeJar(), p),
                Map.of("DEPA_KMS_KEYSTORE_PASSWORD", keyStorePassword));
    }

    /**
     * The CCR provider's operator, acting through the provider's own Fabric enrolment; each job's
     * clean room is ccr-agent's {@code CleanRoomMain} with the image settings written here (the
     * host's emulated chip, the certified measurement {@code measurement}).
     */
    Launch operator(String ccrId, String mspId, String measurement) throws DeploymentException {
        Path dir = layout.operator();
        Path party = layout.party(ccrId);
        Path image = dir.resolve("clean-room-image.properties");
        Path djl = layout.home().resolve("var").resolve("djl-cache");
        String props = String.join(
                "\n",
                "ccrProviderId=" + ccrId,
                "stateDir=" + layout.operatorState(),
                "maxCleanRooms=1",
                // A clean room orphaned by an operator crash fails when its relay token dies; that
                // attempt counts, so a restarted operator needs a spare one.
                "maxAttempts=3",
                "cleanRoomCommand=" + java + " -Xmx512m -Dai.djl.offline=true -DDJL_CACHE_DIR=" + djl
                        + " -DENGINE_CACHE_DIR=" + djl + " -Dai.djl.pytorch.num_threads=1 -cp " + classPath + " "
                        + CLEAN_ROOM_MAIN + " " + image + " {config}",
                "ledger=fabric",
                "network=" + layout.network(),
                "mspId=" + mspId,
                "clientCertificate=" + party.resolve("fabric/cert.pem"),
                "clientKey=" + party.resolve("fabric/key.pem"),
                new JobOutputsWiring(layout).operatorProperties());
        Path file = dir.resolve("operator.properties");
        try {
            DeploymentLayout.writeSecret(
                    image,
                    String.join(
                            "\n",
                            "evidence=emulated",
                            "evidence.emulated.chip=" + layout.emulatedChip(),
                            "evidence.emulated.measurement=" + measurement,
                            "ledger.channel=depa",
                            "ledger.chaincode=depa",
                            "clock=system",
                            // No spec.unsealed=allow: the TDC's spec arrives sealed, its key released by the
                            // TDC's own bridge, and a spec in clear fails the job at MODEL_SPEC.
                            ""));
            DeploymentLayout.writeSecret(file, props);
            // OperatorMain appends to this log and would create it readable by all.
            DeploymentLayout.writeSecret(layout.operatorState().resolve("operator.log"), "");
        } catch (IOException e) {
            throw new DeploymentException("operator", "cannot write " + file + ": " + e.getMessage(), e);
        }
        List<String> cmd = List.of(java, "-cp", classPath, "org.depa.ccr.operator.OperatorMain", file.toString());
        return new Launch("operator", "operator", mspId, JobOutputsWiring.url(), cmd, Map.of());
    }

    /**
     * The launch of {@code c} as {@code up} made it, from the deployment's files (the operator's
     * properties, a bridge's password file, the SRO operator's certificate): for starting it again.
     */
    Launch relaunch(DeploymentState state, DeploymentState.Component c) throws DeploymentException {
        int port = c.url().isEmpty()
                ? 0
                : Integer.parseInt(c.url().substring(c.url().lastIndexOf(':') + 1));
        try {
            switch (c.kind()) {
                case "gateway" -> {
                    Path sro = layout.org(c.mspId()).resolve(ConsortiumIdentities.SRO_OPERATORS_FILE);
                    return gateway(
                            c.mspId(),
                            port,
                            Files.isRegularFile(sro)
                                    ? Optional.of(Files.readString(sro).trim())
                                    : Optional.empty());
                }
                case "kms-bridge" -> {
                    String base = c.name().substring("kms-".length());
                    DeploymentState.PartyEntry tdp = state.party(base)
                            .orElseThrow(() ->
                                    new DeploymentException(c.name(), "no participant " + base + " in the deployment"));
                    String password = Files.readString(layout.bridge(tdp.id()).resolve("keystore.password"));
                    return bridge(base, tdp.id(), tdp.mspId(), port, password);
                }
                case "operator" -> {
                    Path file = layout.operator().resolve("operator.properties");
                    return new Launch(
                            c.name(),
                            c.kind(),
                            c.mspId(),
                            c.url(),
                            List.of(
                                    java,
                                    "-cp",
                                    classPathOf(file),
                                    "org.depa.ccr.operator.OperatorMain",
                                    file.toString()),
                            Map.of());
                }
                case DataEndpointComponents.KIND -> {
                    return new DataEndpointComponents(layout, "").relaunch(c);
                }
                case PaymentComponents.CHAIN, PaymentComponents.RELAY -> {
                    return new PaymentComponents(layout, "").relaunch(c);
                }
                default -> throw new DeploymentException(c.name(), "unknown kind of component " + c.kind());
            }
        } catch (IOException e) {
            throw new DeploymentException(c.name(), "cannot read its configuration: " + e.getMessage(), e);
        }
    }

    /** The operator's class path is the one its clean-room command names, written by {@code up}. */
    private static String classPathOf(Path operatorProperties) throws IOException {
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newInputStream(operatorProperties)) {
            p.load(in);
        }
        String[] cmd = p.getProperty("cleanRoomCommand", "").trim().split("\\s+");
        for (int i = 0; i + 1 < cmd.length; i++) {
            if (cmd[i].equals("-cp")) {
                return cmd[i + 1];
            }
        }
        throw new IOException(operatorProperties + " names no class path in cleanRoomCommand");
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
