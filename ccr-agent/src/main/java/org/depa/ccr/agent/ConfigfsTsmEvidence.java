package org.depa.ccr.agent;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.depa.ccr.agent.AgentException.Stage;

/**
 * Linux configfs-tsm (Documentation/ABI/testing/configfs-tsm): make a report entry, write the
 * 64-byte REPORT_DATA to {@code inblob}, read the signed report from {@code outblob} and the
 * host-provided certificates from {@code auxblob} (the GHCB certificate table: 24-byte entries of
 * GUID, offset, length, ended by an all-zero entry). {@code generation} is read before and after
 * so a report raced by another writer of the same entry is detected rather than used.
 */
final class ConfigfsTsmEvidence implements EvidenceSource {
    static final UUID VCEK = UUID.fromString("63da758d-e664-4564-adc5-f4b93be8accd");
    static final UUID VLEK = UUID.fromString("a8074bc2-a25a-483e-aae6-39c045a0b8a1");
    static final UUID ASK = UUID.fromString("4ab7b379-bbac-4fe4-a02f-05aef327c782");
    static final UUID ARK = UUID.fromString("c0b406a4-a803-4952-9743-3fb6014cd0ae");

    private final Path root;

    ConfigfsTsmEvidence(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    @Override
    public Evidence evidence(byte[] reportData) {
        if (Objects.requireNonNull(reportData, "reportData").length != 64) {
            throw new IllegalArgumentException("REPORT_DATA is 64 bytes");
        }
        Path entry = root.resolve("depa-" + HexFormat.of().formatHex(reportData, 0, 8));
        try {
            Files.createDirectories(entry);
            String provider = Files.isRegularFile(entry.resolve("provider"))
                    ? Files.readString(entry.resolve("provider"), StandardCharsets.US_ASCII)
                            .strip()
                    : "";
            if (!provider.isEmpty() && !provider.equals("sev_guest")) {
                throw new AgentException(
                        Stage.ATTESTATION, "configfs-tsm provider is '" + provider + "', not sev_guest");
            }
            Files.write(entry.resolve("inblob"), reportData);
            String before = readGeneration(entry);
            byte[] report = Files.readAllBytes(entry.resolve("outblob"));
            byte[] aux = Files.isRegularFile(entry.resolve("auxblob"))
                    ? Files.readAllBytes(entry.resolve("auxblob"))
                    : new byte[0];
            String after = readGeneration(entry);
            if (!before.equals(after)) {
                throw new AgentException(
                        Stage.ATTESTATION,
                        "configfs-tsm entry rewritten while reading (generation " + before + " -> " + after + ")");
            }
            return new Evidence(report, certificates(aux));
        } catch (IOException e) {
            throw new AgentException(Stage.ATTESTATION, "configfs-tsm at " + root + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean emulated() {
        return false;
    }

    private static String readGeneration(Path entry) throws IOException {
        Path g = entry.resolve("generation");
        return Files.isRegularFile(g)
                ? Files.readString(g, StandardCharsets.US_ASCII).strip()
                : "";
    }

    /** The chain in the verifier's order: VCEK (or VLEK), then ASK, then ARK, whichever are present. */
    static List<X509Certificate> certificates(byte[] table) {
        if (table.length == 0) {
            return List.of();
        }
        ByteBuffer b = ByteBuffer.wrap(table).order(ByteOrder.LITTLE_ENDIAN);
        X509Certificate leaf = null;
        X509Certificate ask = null;
        X509Certificate ark = null;
        for (int at = 0; ; at += 24) {
            if (at + 24 > table.length) {
                throw new AgentException(Stage.ATTESTATION, "certificate table has no terminating entry");
            }
            ByteBuffer guid = b.duplicate().position(at).order(ByteOrder.LITTLE_ENDIAN);
            long d1 = guid.getInt() & 0xffffffffL;
            int d2 = guid.getShort() & 0xffff;
            int d3 = guid.getShort() & 0xffff;
            long rest = guid.order(ByteOrder.BIG_ENDIAN).getLong();
            UUID id = new UUID((d1 << 32) | ((long) d2 << 16) | d3, rest);
            long offset = b.getInt(at + 16) & 0xffffffffL;
            long length = b.getInt(at + 20) & 0xffffffffL;
            if (id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0 && offset == 0 && length == 0) {
                break;
            }
            if (offset + length > table.length || length == 0) {
                throw new AgentException(
                        Stage.ATTESTATION, "certificate table entry " + id + " points outside the table");
            }
            X509Certificate cert = parse(table, (int) offset, (int) length, id);
            if (id.equals(VCEK) || id.equals(VLEK)) {
                leaf = cert;
            } else if (id.equals(ASK)) {
                ask = cert;
            } else if (id.equals(ARK)) {
                ark = cert;
            }
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (X509Certificate c : new X509Certificate[] {leaf, ask, ark}) {
            if (c != null) {
                chain.add(c);
            }
        }
        return chain;
    }

    private static X509Certificate parse(byte[] table, int offset, int length, UUID id) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(table, offset, length));
        } catch (CertificateException e) {
            throw new AgentException(Stage.ATTESTATION, "certificate " + id + " in the table does not parse", e);
        }
    }
}
