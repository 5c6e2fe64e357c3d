package org.depa.ccr.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.depa.attestation.SnpProduct;
import org.depa.attestation.emulator.SnpEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The configfs-tsm reader over a directory laid out as the kernel lays it out; the kernel fills
 * outblob and auxblob on read, here the test fills them beforehand.
 */
class ConfigfsTsmEvidenceTest {
    static final SnpEmulator EMU = SnpEmulator.create(SnpProduct.GENOA);

    @TempDir
    Path root;

    static byte[] table(List<UUID> ids, List<X509Certificate> certs, boolean terminate) throws Exception {
        int entries = ids.size() + (terminate ? 1 : 0);
        int offset = entries * 24;
        int total = offset;
        for (X509Certificate c : certs) {
            total += c.getEncoded().length;
        }
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        int at = offset;
        for (int i = 0; i < ids.size(); i++) {
            UUID id = ids.get(i);
            long msb = id.getMostSignificantBits();
            b.putInt((int) (msb >>> 32)).putShort((short) (msb >>> 16)).putShort((short) msb);
            b.order(ByteOrder.BIG_ENDIAN).putLong(id.getLeastSignificantBits()).order(ByteOrder.LITTLE_ENDIAN);
            byte[] der = certs.get(i).getEncoded();
            b.putInt(at).putInt(der.length);
            at += der.length;
        }
        if (terminate) {
            b.put(new byte[24]);
        }
        for (X509Certificate c : certs) {
            b.put(c.getEncoded());
        }
        return b.array();
    }

    @Test
    void readsReportAndOrdersTheHostCertificatesForTheVerifier() throws Exception {
        byte[] data = new byte[64];
        data[0] = 7;
        Path entry = root.resolve("depa-" + HexFormat.of().formatHex(data, 0, 8));
        Files.createDirectories(entry);
        byte[] report = EMU.report(EMU.reportSpec().reportData(data).build());
        Files.write(entry.resolve("outblob"), report);
        Files.writeString(entry.resolve("provider"), "sev_guest\n");
        Files.writeString(entry.resolve("generation"), "1\n");
        // The host lists ARK first; the agent must still hand the verifier VCEK, ASK, ARK.
        Files.write(
                entry.resolve("auxblob"),
                table(
                        List.of(ConfigfsTsmEvidence.ARK, ConfigfsTsmEvidence.VCEK, ConfigfsTsmEvidence.ASK),
                        List.of(EMU.ark(), EMU.vcek(), EMU.ask()),
                        true));

        EvidenceSource.Evidence e = EvidenceSource.configfsTsm(root).evidence(data);
        assertThat(e.report()).isEqualTo(report);
        assertThat(e.chain()).containsExactly(EMU.vcek(), EMU.ask(), EMU.ark());
        assertThat(Files.readAllBytes(entry.resolve("inblob"))).isEqualTo(data);
    }

    @Test
    void anotherProviderIsRefused() throws Exception {
        byte[] data = new byte[64];
        Path entry = root.resolve("depa-" + HexFormat.of().formatHex(data, 0, 8));
        Files.createDirectories(entry);
        Files.writeString(entry.resolve("provider"), "tdx_guest\n");
        assertThatThrownBy(() -> EvidenceSource.configfsTsm(root).evidence(data))
                .hasMessageContaining("tdx_guest");
    }

    @Test
    void malformedTablesAreRefused() throws Exception {
        byte[] shortOfAnEntry = new byte[20];
        assertThatThrownBy(() -> ConfigfsTsmEvidence.certificates(shortOfAnEntry))
                .hasMessageContaining("terminating");
        // Unterminated: the certificate's own bytes are read as an entry, which points nowhere valid.
        byte[] unterminated = table(List.of(ConfigfsTsmEvidence.VCEK), List.of(EMU.vcek()), false);
        assertThatThrownBy(() -> ConfigfsTsmEvidence.certificates(unterminated)).isInstanceOf(AgentException.class);
        byte[] outside = table(List.of(ConfigfsTsmEvidence.VCEK), List.of(EMU.vcek()), true);
        ByteBuffer.wrap(outside).order(ByteOrder.LITTLE_ENDIAN).putInt(20, outside.length);
        assertThatThrownBy(() -> ConfigfsTsmEvidence.certificates(outside)).hasMessageContaining("outside the table");
        assertThat(ConfigfsTsmEvidence.certificates(new byte[0])).isEmpty();
    }
}
