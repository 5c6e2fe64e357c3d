package org.depa.audit.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.file.Path;
import java.util.function.Function;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.CheckResult;
import org.depa.audit.report.Checks;
import org.depa.audit.report.Status;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.ChannelHeader;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigSignature;
import org.hyperledger.fabric.protos.common.ConfigUpdate;
import org.hyperledger.fabric.protos.common.ConfigUpdateEnvelope;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.common.Header;
import org.hyperledger.fabric.protos.common.HeaderType;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A config block that replaces SROMSP's root CA (so whoever holds the new CA's key could act as
 * SROMSP) appended to the honest ledger, with signatures that do not satisfy SROMSP's Admins:
 * the attacker's own "admin", an honest admin's signature replayed from another update, none.
 * The honest update in block 8 (ProviderMSP's new root, signed by its admin) passes.
 */
class ConfigTamperTest {
    private static final String SRO_ADMINS = "/Channel/Application/SROMSP/Admins";

    @TempDir
    Path dir;

    Path bundle;
    Tamper tamper;
    ForgedIdentity attacker;

    @BeforeEach
    void setUp() throws Exception {
        bundle = Audits.copyFixture(dir.resolve("bundle"));
        tamper = new Tamper(bundle);
        attacker = new ForgedIdentity("SROMSP", "admin");
    }

    @Test
    void theHonestRootChangeInBlock8IsAuthorisedByProviderAdmins() {
        AuditReport r = Audits.audit(bundle);
        assertThat(r.failures()).isEmpty();
        assertThat(r.count(Checks.CONFIG_UPDATE, Status.PASS)).isEqualTo(1);
    }

    @Test
    void rootsChangedWithTheAttackersOwnAdminSignatureAreRefused() throws Exception {
        AuditReport r = appendRootChange(update -> signedBy(update, attacker.serialized(), attacker::sign));
        assertRefused(r);
        assertThat(details(r)).contains("does not chain to a root or intermediate CA of SROMSP");
    }

    @Test
    void rootsChangedWithAnHonestAdminSignatureReplayedFromAnotherUpdateAreRefused() throws Exception {
        ConfigSignature honest = lastUpdate(tamper.read(8)).getSignatures(0);
        AuditReport r = appendRootChange(update -> ConfigUpdateEnvelope.newBuilder()
                .setConfigUpdate(update.toByteString())
                .addSignatures(honest)
                .build());
        assertRefused(r);
        assertThat(details(r)).contains("the signature does not verify");
    }

    @Test
    void rootsChangedWithoutAnySignatureAreRefused() throws Exception {
        AuditReport r = appendRootChange(update -> ConfigUpdateEnvelope.newBuilder()
                .setConfigUpdate(update.toByteString())
                .build());
        assertRefused(r);
    }

    @Test
    void rootsChangedUnderAnotherUpdatesGenuineSignaturesAreRefused() throws Exception {
        ConfigUpdateEnvelope genuine = lastUpdate(tamper.read(8));
        AuditReport r = appendRootChange(update -> genuine);
        assertRefused(r);
        assertThat(details(r)).contains("is not as the signed update writes it");
    }

    private void assertRefused(AuditReport r) {
        assertThat(r.failures())
                .filteredOn(f -> f.id().equals(Checks.CONFIG_UPDATE))
                .singleElement()
                .satisfies(f -> {
                    assertThat(f.scope()).isEqualTo("block 10");
                    assertThat(f.details()).contains(SRO_ADMINS);
                });
    }

    private static String details(AuditReport r) {
        return String.join("\n", r.failures().stream().map(CheckResult::details).toList());
    }

    interface Signer {
        byte[] sign(byte[] data) throws Exception;
    }

    interface UpdateSigner {
        ConfigUpdateEnvelope sign(ConfigUpdate update) throws Exception;
    }

    private static ConfigUpdateEnvelope signedBy(ConfigUpdate update, ByteString creator, Signer signer)
            throws Exception {
        ByteString header = SignatureHeader.newBuilder()
                .setCreator(creator)
                .setNonce(ByteString.copyFromUtf8("nonce-of-the-attacker"))
                .build()
                .toByteString();
        byte[] sig = signer.sign(header.concat(update.toByteString()).toByteArray());
        return ConfigUpdateEnvelope.newBuilder()
                .setConfigUpdate(update.toByteString())
                .addSignatures(
                        ConfigSignature.newBuilder().setSignatureHeader(header).setSignature(ByteString.copyFrom(sig)))
                .build();
    }

    private static ConfigUpdateEnvelope lastUpdate(Block configBlock) throws Exception {
        ConfigEnvelope ce = BlockAuditor.configOf(configBlock);
        return ConfigUpdateEnvelope.parseFrom(
                Payload.parseFrom(ce.getLastUpdate().getPayload()).getData());
    }

    /** Appends block 10: the config of block 8 with SROMSP's roots replaced by the attacker's CA. */
    private AuditReport appendRootChange(UpdateSigner signer) throws Exception {
        Block b8 = tamper.read(8);
        Block b9 = tamper.read(9);
        Config current = BlockAuditor.configOf(b8).getConfig();
        ConfigGroup app = current.getChannelGroup().getGroupsOrThrow("Application");
        ConfigGroup sro = app.getGroupsOrThrow("SROMSP");
        ConfigValue msp = sro.getValuesOrThrow("MSP");
        MSPConfig m = MSPConfig.parseFrom(msp.getValue());
        FabricMSPConfig f = FabricMSPConfig.parseFrom(m.getConfig()).toBuilder()
                .clearRootCerts()
                .addRootCerts(ByteString.copyFromUtf8(ForgedIdentity.pem(attacker.ca)))
                .build();
        ConfigValue newMsp = msp.toBuilder()
                .setVersion(msp.getVersion() + 1)
                .setValue(m.toBuilder().setConfig(f.toByteString()).build().toByteString())
                .build();
        Function<ConfigGroup, ConfigGroup> withSro =
                s -> s.toBuilder().putValues("MSP", newMsp).build();
        Config next = current.toBuilder()
                .setSequence(current.getSequence() + 1)
                .setChannelGroup(current.getChannelGroup().toBuilder()
                        .putGroups(
                                "Application",
                                app.toBuilder()
                                        .putGroups("SROMSP", withSro.apply(sro))
                                        .build()))
                .build();
        ConfigGroup sroRead =
                ConfigGroup.newBuilder().setVersion(sro.getVersion()).build();
        ConfigUpdate update = ConfigUpdate.newBuilder()
                .setChannelId("depa")
                .setReadSet(path(app.getVersion(), sroRead))
                .setWriteSet(path(
                        app.getVersion(),
                        sroRead.toBuilder().putValues("MSP", newMsp).build()))
                .build();
        ConfigUpdateEnvelope cue = signer.sign(update);
        Envelope lastUpdate = Envelope.newBuilder()
                .setPayload(Payload.newBuilder()
                        .setHeader(Header.newBuilder()
                                .setChannelHeader(ChannelHeader.newBuilder()
                                        .setType(HeaderType.CONFIG_UPDATE_VALUE)
                                        .setChannelId("depa")
                                        .build()
                                        .toByteString()))
                        .setData(cue.toByteString())
                        .build()
                        .toByteString())
                .build();
        Envelope orderer8 = Envelope.parseFrom(b8.getData().getData(0));
        Payload p8 = Payload.parseFrom(orderer8.getPayload());
        Envelope env = Envelope.newBuilder()
                .setPayload(p8.toBuilder()
                        .setData(ConfigEnvelope.newBuilder()
                                .setConfig(next)
                                .setLastUpdate(lastUpdate)
                                .build()
                                .toByteString())
                        .build()
                        .toByteString())
                .setSignature(orderer8.getSignature())
                .build();
        Block b10 = Block.newBuilder()
                .setHeader(b9.getHeader().toBuilder()
                        .setNumber(10)
                        .setPreviousHash(ByteString.copyFrom(BlockHashes.headerHash(b9.getHeader()))))
                .setData(org.hyperledger.fabric.protos.common.BlockData.newBuilder()
                        .addData(env.toByteString()))
                .setMetadata(b8.getMetadata())
                .build();
        b10 = b10.toBuilder()
                .setHeader(b10.getHeader().toBuilder()
                        .setDataHash(ByteString.copyFrom(BlockHashes.dataHash(b10.getData()))))
                .build();
        tamper.write(Tamper.PRIMARY, b10);
        return Audits.audit(bundle);
    }

    private static ConfigGroup path(long appVersion, ConfigGroup sro) {
        return ConfigGroup.newBuilder()
                .putGroups(
                        "Application",
                        ConfigGroup.newBuilder()
                                .setVersion(appVersion)
                                .putGroups("SROMSP", sro)
                                .build())
                .build();
    }
}
