package org.depa.audit.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import java.nio.file.Files;
import java.nio.file.Path;
import org.depa.audit.report.AuditReport;
import org.depa.audit.report.CheckResult;
import org.depa.audit.report.Checks;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.Envelope;
import org.hyperledger.fabric.protos.peer.ChaincodeEndorsedAction;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each tampering of the honest export is caught, by the check whose id the test names, at the
 * block or transaction tampered with. The fixture's ledger: 0 genesis; 1-3 the three approvals;
 * 4 the chaincode commit; 5 an agreement endorsed by SRO and Provider; 6 the same write endorsed
 * by SRO alone (marked ENDORSEMENT_POLICY_FAILURE); 7 an agreement endorsed by Provider and
 * Consumer; 8 ProviderMSP gains a root CA; 9 an agreement endorsed by SRO and Consumer.
 */
class TamperTest {
    @TempDir
    Path dir;

    Path bundle;
    Tamper tamper;

    @BeforeEach
    void copy() {
        bundle = Audits.copyFixture(dir.resolve("bundle"));
        tamper = new Tamper(bundle);
    }

    private static void assertCaught(AuditReport r, String id, String scopePrefix) {
        assertThat(r.failures()).as("failures").anySatisfy(f -> {
            assertThat(f.id()).isEqualTo(id);
            assertThat(f.scope()).startsWith(scopePrefix);
        });
    }

    @Test
    void aFlippedByteInABlocksDataFailsTheDataHash() throws Exception {
        Block b = tamper.read(5);
        byte[] data = b.getData().getData(0).toByteArray();
        data[data.length / 2] ^= 0x01;
        tamper.write(
                Tamper.PRIMARY,
                b.toBuilder()
                        .setData(b.getData().toBuilder().setData(0, ByteString.copyFrom(data)))
                        .build());
        AuditReport r = Audits.audit(bundle);
        assertCaught(r, Checks.DATA_HASH, "block 5");
        assertCaught(r, Checks.PEERS_BLOCKS, "block 5 of ProviderMSP-peer0");
    }

    @Test
    void aRemovedBlockBreaksTheSequenceAndTheChain() throws Exception {
        for (String e : Tamper.exports()) {
            Files.delete(tamper.file(e, 4));
        }
        AuditReport r = Audits.audit(bundle);
        assertCaught(r, Checks.BLOCK_SEQUENCE, "block 5");
        assertCaught(r, Checks.HASH_CHAIN, "block 5");
    }

    @Test
    void reorderedBlocksBreakTheSequenceAndTheChain() throws Exception {
        Path five = tamper.file(Tamper.PRIMARY, 5);
        Path seven = tamper.file(Tamper.PRIMARY, 7);
        byte[] a = Files.readAllBytes(five);
        Files.write(five, Files.readAllBytes(seven));
        Files.write(seven, a);
        AuditReport r = Audits.audit(bundle);
        assertCaught(r, Checks.BLOCK_SEQUENCE, "block 7");
        assertCaught(r, Checks.HASH_CHAIN, "block 7");
    }

    @Test
    void anEndorsementWhoseSignatureIsWrongIsCaught() {
        tamper.editTx(
                5,
                0,
                env -> Tamper.editAction(env, a -> {
                    Endorsement e = a.getEndorsements(0);
                    byte[] sig = e.getSignature().toByteArray();
                    sig[8] ^= 0x01; // inside r: still DER, no longer the endorser's signature
                    return a.toBuilder()
                            .setEndorsements(0, e.toBuilder().setSignature(ByteString.copyFrom(sig)))
                            .build();
                }));
        AuditReport r = Audits.audit(bundle);
        assertCaught(r, Checks.ENDORSEMENT_SIGNATURES, "block 5 tx 0");
        assertCaught(r, Checks.ENDORSEMENT_POLICY, "block 5 tx 0");
        // the resealed chain holds; only signatures the tamperer cannot make fail
        assertThat(Audits.failedIds(r)).doesNotContain(Checks.DATA_HASH, Checks.HASH_CHAIN, Checks.BLOCK_SEQUENCE);
    }

    @Test
    void anEndorsementByACertificateOutsideTheOrganisationsMspIsCaught() throws Exception {
        ForgedIdentity forged = new ForgedIdentity("ProviderMSP", "peer");
        tamper.editTx(
                5,
                0,
                env -> Tamper.editAction(env, a -> {
                    try {
                        ByteString endorser = forged.serialized();
                        byte[] signed =
                                a.getProposalResponsePayload().concat(endorser).toByteArray();
                        Endorsement e = Endorsement.newBuilder()
                                .setEndorser(endorser)
                                .setSignature(ByteString.copyFrom(forged.sign(signed)))
                                .build();
                        int provider = indexOf(a, "ProviderMSP");
                        return a.toBuilder().setEndorsements(provider, e).build();
                    } catch (Exception ex) {
                        throw new IllegalStateException(ex);
                    }
                }));
        AuditReport r = Audits.audit(bundle);
        assertCaught(r, Checks.ENDORSER_IDENTITIES, "block 5 tx 0");
        assertCaught(r, Checks.ENDORSEMENT_POLICY, "block 5 tx 0");
        assertThat(r.failures())
                .filteredOn(f -> f.id().equals(Checks.ENDORSER_IDENTITIES))
                .extracting(CheckResult::details)
                .anySatisfy(d -> assertThat(d).contains("does not chain to a root or intermediate CA of ProviderMSP"));
    }

    @Test
    void endorsementsShortOfThePolicyAreCaught() {
        tamper.editTx(
                7,
                0,
                env -> Tamper.editAction(
                        env, a -> a.toBuilder().removeEndorsements(1).build()));
        AuditReport r = Audits.audit(bundle);
        assertCaught(r, Checks.ENDORSEMENT_POLICY, "block 7 tx 0");
        assertThat(r.failures())
                .filteredOn(f -> f.id().equals(Checks.ENDORSEMENT_POLICY))
                .extracting(CheckResult::details)
                .anySatisfy(d -> assertThat(d).contains("/Channel/Application/Endorsement"));
        assertThat(Audits.failedIds(r)).doesNotContain(Checks.ENDORSEMENT_SIGNATURES, Checks.ENDORSER_IDENTITIES);
    }

    @Test
    void aSplicedEnvelopeIsRefused() {
        ByteString other = tamper.read(7).getData().getData(0);
        tamper.editTx(9, 0, env -> {
            try {
                // a second payload field after the signature: protobuf keeps the last one
                ByteString otherPayload = Envelope.parseFrom(other).getPayload();
                Envelope splice = Envelope.newBuilder().setPayload(otherPayload).build();
                return env.concat(splice.toByteString());
            } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                throw new IllegalStateException(e);
            }
        });
        AuditReport r = Audits.audit(bundle);
        assertCaught(r, Checks.TX_CANONICAL, "block 9 tx 0");
    }

    @Test
    void anEnvelopeWithAnAppendedUnknownFieldIsRefused() {
        tamper.editTx(9, 0, env -> env.concat(ByteString.copyFrom(new byte[] {(byte) 0x4a, 0x01, 0x00}))); // field 9
        AuditReport r = Audits.audit(bundle);
        assertCaught(r, Checks.TX_CANONICAL, "block 9 tx 0");
        assertThat(r.failures())
                .filteredOn(f -> f.id().equals(Checks.TX_CANONICAL))
                .extracting(CheckResult::details)
                .anySatisfy(d -> assertThat(d).contains("unknown field"));
    }

    @Test
    void aValidationFlagChangedInOnePeersExportIsCaught() {
        Block b = tamper.read("ConsumerMSP-peer0", 6);
        var md = b.getMetadata().toBuilder()
                .setMetadata(2, ByteString.copyFrom(new byte[] {0}))
                .build();
        tamper.write("ConsumerMSP-peer0", b.toBuilder().setMetadata(md).build());
        AuditReport r = Audits.audit(bundle);
        assertCaught(r, Checks.PEERS_FLAGS, "block 6 of ConsumerMSP-peer0");
    }

    @Test
    void aWrongPinnedGenesisOrRecordedHeadIsCaught() {
        String zero = "00".repeat(32);
        AuditReport r = Audits.audit(bundle, new FabricAudit.Options(zero, zero, false));
        assertCaught(r, Checks.TRUST_ANCHOR, "block 0");
        assertCaught(r, Checks.HEAD, "block 9");
    }

    @Test
    void theRightPinnedGenesisAndHeadPass() {
        AuditReport honest = Audits.audit(bundle);
        String head = honest.anchors().get("head");
        String genesis = FabricAudit.genesisHash(org.depa.audit.bundle.Bundle.read(bundle));
        AuditReport r = Audits.audit(bundle, new FabricAudit.Options(genesis, head, false));
        assertThat(r.failures()).isEmpty();
        assertThat(r.count(Checks.HEAD, org.depa.audit.report.Status.PASS)).isEqualTo(1);
        assertThat(r.count(Checks.TRUST_ANCHOR, org.depa.audit.report.Status.PASS))
                .isEqualTo(1);
    }

    @Test
    void aTruncatedLedgerFailsTheRecordedHead() throws Exception {
        String head = Audits.audit(bundle).anchors().get("head");
        for (String e : Tamper.exports()) {
            Files.delete(tamper.file(e, 9));
        }
        AuditReport r = Audits.audit(bundle, new FabricAudit.Options(null, head, false));
        assertCaught(r, Checks.HEAD, "block 8");
    }

    static int indexOf(ChaincodeEndorsedAction a, String mspId) throws Exception {
        for (int i = 0; i < a.getEndorsementsCount(); i++) {
            if (org.hyperledger.fabric.protos.msp.SerializedIdentity.parseFrom(
                            a.getEndorsements(i).getEndorser())
                    .getMspid()
                    .equals(mspId)) {
                return i;
            }
        }
        throw new IllegalStateException("no endorsement by " + mspId);
    }
}
