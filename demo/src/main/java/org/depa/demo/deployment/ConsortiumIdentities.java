package org.depa.demo.deployment;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.emulator.EmulatedChipFile;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.ledger.client.fabric.LocalNetwork;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.testkit.CertificateAuthority;
import org.depa.testkit.FabricEnrolment;
import org.depa.testkit.Issued;
import org.depa.testkit.KeyType;
import org.depa.testkit.PemText;

/**
 * Makes every identity of a deployment, once, at {@code up}: per organisation a TLS CA (its key
 * is used here and never written: every certificate the deployment needs is issued now), the
 * gateway's server certificate and its client certificate towards the TDPs' data endpoints, each
 * kms-bridge's server certificate, and per participant a TLS client certificate (the key it signs
 * with, which the gateway registers it by and its own bridge admits it by) and a Fabric client
 * enrolment with its organisation's
 * cryptogen CA (client OU), placed in the gateway's wallet under the SHA-256 of the TLS
 * certificate, the mapping gateway-api reads. An SRO operator certificate for the SRO's gateway.
 * Every key file is owner-only.
 */
final class ConsortiumIdentities {
    static final String SRO_OPERATOR = "sro-operator";
    /** In the SRO's organisation directory: the SHA-256 of its SRO operators' certificates, which its gateway names. */
    static final String SRO_OPERATORS_FILE = "sro-operators";

    private final DeploymentLayout layout;
    private final LocalNetwork network;

    ConsortiumIdentities(DeploymentLayout layout, LocalNetwork network) {
        this.layout = layout;
        this.network = network;
    }

    /**
     * Issues everything for {@code orgs} and {@code seats} tagged {@code tag}; returns, per
     * organisation, the SHA-256 of its SRO operators' certificates (empty but for the SRO).
     */
    Map<String, String> provision(List<String> orgs, String sroMspId, List<Seat> seats, String tag)
            throws DeploymentException {
        Map<String, String> operators = new LinkedHashMap<>();
        try {
            for (String msp : orgs) {
                CertificateAuthority ca = CertificateAuthority.create(msp + " TLS CA (depa deployment)");
                Path dir = DeploymentLayout.ownerOnly(layout.org(msp));
                Files.writeString(layout.orgCa(msp), ca.certificatePem());
                Issued server = ca.tlsServer("gateway " + msp, "127.0.0.1", "localhost");
                Files.writeString(dir.resolve("server.pem"), server.certificatePem());
                DeploymentLayout.writeSecret(dir.resolve("server-key.pem"), server.privateKeyPem());
                // The gateway's client identity towards the TDPs' data endpoints, which pin it to this organisation.
                Issued dataClient = ca.tlsClient("gateway " + msp + " (data endpoints)", KeyType.EC_P256);
                Files.writeString(layout.gatewayDataClient(msp), dataClient.certificatePem());
                DeploymentLayout.writeSecret(layout.gatewayDataClientKey(msp), dataClient.privateKeyPem());
                DeploymentLayout.ownerOnly(layout.fabricClients(msp));
                for (Seat s : seats) {
                    if (s.mspId().equals(msp)) {
                        participant(ca, s.id(tag), msp, s.algorithm());
                        if (s.hasBridge()) {
                            bridgeServer(ca, s.id(tag));
                        }
                    }
                }
                if (msp.equals(sroMspId)) {
                    Issued op = ca.tlsClient(SRO_OPERATOR, KeyType.EC_P256);
                    writeTls(layout.party(SRO_OPERATOR), op);
                    operators.put(
                            msp,
                            Pem.certificate(SRO_OPERATOR, op.certificatePem()).sha256());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new DeploymentException("identities", "cannot issue certificates: " + e.getMessage(), e);
        }
        return operators;
    }

    private void participant(CertificateAuthority ca, String id, String msp, SignatureAlgorithm algorithm)
            throws IOException {
        Path dir = DeploymentLayout.ownerOnly(layout.party(id));
        Issued tls = ca.tlsClient(id, KeyType.of(algorithm));
        writeTls(dir, tls);
        Path caDir = FabricEnrolment.caDirectory(network.org(msp).usersDir());
        FabricEnrolment.Enrolled ledger = FabricEnrolment.enrol(caDir, id, dir.resolve("fabric"));
        String sha = Pem.certificate(id, tls.certificatePem()).sha256();
        Path wallet = DeploymentLayout.ownerOnly(layout.fabricClients(msp).resolve(sha));
        Files.writeString(wallet.resolve("cert.pem"), ledger.certificatePem());
        DeploymentLayout.writeSecret(wallet.resolve("key.pem"), Files.readString(ledger.privateKey()));
        Files.writeString(dir.resolve("msp-id"), msp + "\n");
    }

    /** The TLS server identity of party {@code id}'s bridge, from its organisation's CA (127.0.0.1 and localhost). */
    private void bridgeServer(CertificateAuthority ca, String id) throws IOException {
        Issued server = ca.tlsServer("kms-bridge " + id, "127.0.0.1", "localhost");
        Path dir = DeploymentLayout.ownerOnly(layout.bridge(id));
        Files.writeString(layout.bridgeServerCertificate(id), server.certificatePem());
        DeploymentLayout.writeSecret(dir.resolve("server-key.pem"), server.privateKeyPem());
    }

    private static void writeTls(Path dir, Issued tls) throws IOException {
        DeploymentLayout.ownerOnly(dir);
        Files.writeString(dir.resolve("tls-cert.pem"), tls.certificatePem());
        DeploymentLayout.writeSecret(dir.resolve("tls-key.pem"), tls.privateKeyPem());
    }

    /** The host's emulated chip, made at each up: the clean rooms attest with it, the bridges trust its root. */
    static void emulatedChip(DeploymentLayout layout) throws DeploymentException {
        try {
            SnpEmulator chip = SnpEmulator.create(SnpProduct.MILAN);
            EmulatedChipFile.save(chip, layout.emulatedChip());
            Files.writeString(layout.emulatedChipArk(), PemText.encode(chip.ark()));
        } catch (IOException | RuntimeException e) {
            throw new DeploymentException("identities", "cannot make the emulated chip: " + e.getMessage(), e);
        }
    }

    /** An empty PKCS#12 store for a TDP's bridge (it refuses to start on a missing file). */
    static void emptyKeyStore(Path file, char[] password) throws DeploymentException {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            DeploymentLayout.writeSecret(file, "");
            try (var out = Files.newOutputStream(file)) {
                ks.store(out, password);
            }
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new DeploymentException(
                    "identities", "cannot create the key store " + file + ": " + e.getMessage(), e);
        }
    }
}
