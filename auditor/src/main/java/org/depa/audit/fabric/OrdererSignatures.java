package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import org.hyperledger.fabric.protos.common.Block;
import org.hyperledger.fabric.protos.common.BlockMetadataIndex;
import org.hyperledger.fabric.protos.common.Metadata;
import org.hyperledger.fabric.protos.common.MetadataSignature;
import org.hyperledger.fabric.protos.common.OrdererBlockMetadata;
import org.hyperledger.fabric.protos.common.SignatureHeader;

/**
 * The orderers' signatures over a block, as Fabric's BlockSignatureVerifier checks them: each
 * signs the metadata value, its signature header and the header's DER bytes; together they must
 * satisfy {@code /Channel/Orderer/BlockValidation} of the config that governs the block, and the
 * metadata's last-config index must name that config block (or the block itself, for a config block).
 */
final class OrdererSignatures {
    private OrdererSignatures() {}

    /** Null when the signatures satisfy the policy, otherwise why not; {@code details} gets the signers. */
    static String check(Block block, ChannelConfig governing, boolean isConfigBlock, StringBuilder details) {
        if (block.getMetadata().getMetadataCount() <= BlockMetadataIndex.SIGNATURES_VALUE) {
            return "the block has no signature metadata";
        }
        Metadata md;
        try {
            md = Metadata.parseFrom(block.getMetadata().getMetadata(BlockMetadataIndex.SIGNATURES_VALUE));
        } catch (InvalidProtocolBufferException e) {
            return "the signature metadata cannot be parsed";
        }
        long lastConfig;
        try {
            lastConfig = OrdererBlockMetadata.parseFrom(md.getValue())
                    .getLastConfig()
                    .getIndex();
        } catch (InvalidProtocolBufferException e) {
            return "the orderer block metadata cannot be parsed";
        }
        long expectedConfig = isConfigBlock ? block.getHeader().getNumber() : governing.blockNumber;
        if (lastConfig != expectedConfig) {
            return "the metadata names block " + lastConfig + " as the last config, but it is block " + expectedConfig;
        }
        byte[] header = BlockHashes.headerBytes(block.getHeader());
        List<SignedData> signed = new ArrayList<>();
        for (MetadataSignature s : md.getSignaturesList()) {
            if (s.getSignatureHeader().isEmpty()) {
                return "a signature has no signature header (BFT identifier headers are not supported)";
            }
            ByteString creator;
            try {
                creator = SignatureHeader.parseFrom(s.getSignatureHeader()).getCreator();
            } catch (InvalidProtocolBufferException e) {
                return "a signature header cannot be parsed";
            }
            byte[] data = md.getValue().concat(s.getSignatureHeader()).toByteArray();
            byte[] all = new byte[data.length + header.length];
            System.arraycopy(data, 0, all, 0, data.length);
            System.arraycopy(header, 0, all, data.length, header.length);
            signed.add(new SignedData(creator, all, s.getSignature().toByteArray()));
        }
        if (signed.isEmpty()) {
            return "the block carries no orderer signature";
        }
        List<String> refused = new ArrayList<>();
        List<Identity> signers = PolicyEvaluator.verifiedSigners(governing, signed, refused);
        try {
            if (!new PolicyEvaluator(governing).satisfied("/Channel/Orderer/BlockValidation", signers)) {
                return "the valid signatures "
                        + signers.stream().map(Identity::describe).toList()
                        + " do not satisfy /Channel/Orderer/BlockValidation of the config in block "
                        + governing.blockNumber + (refused.isEmpty() ? "" : "; refused: " + String.join("; ", refused));
            }
        } catch (PolicyEvaluator.PolicyException e) {
            return e.getMessage();
        }
        details.append(signers.size())
                .append(" signature(s) by ")
                .append(signers.stream().map(Identity::mspId).distinct().toList())
                .append(" under the config of block ")
                .append(governing.blockNumber);
        if (!refused.isEmpty()) {
            details.append("; ignored: ").append(String.join("; ", refused));
        }
        return null;
    }
}
