package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigPolicy;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.msp.SerializedIdentity;

/**
 * A channel configuration as a config block carries it: every organisation's MSP (orderer and
 * application) and the policy tree. It governs the blocks after its own, until the next config
 * block.
 */
final class ChannelConfig {
    static final String ROOT = "Channel";
    final long blockNumber;
    final Config config;
    private final Map<String, Msp> msps = new LinkedHashMap<>();
    /** Each serialized identity judged once per config: the identity, or the MspException refusing it. */
    private final Map<ByteString, Object> judged = new java.util.HashMap<>();

    ChannelConfig(long blockNumber, Config config) throws InvalidConfigException {
        this.blockNumber = blockNumber;
        this.config = config;
        for (String section : List.of("Orderer", "Application")) {
            ConfigGroup g = config.getChannelGroup().getGroupsOrDefault(section, null);
            if (g == null) {
                continue;
            }
            for (Map.Entry<String, ConfigGroup> org : g.getGroupsMap().entrySet()) {
                ConfigValue v = org.getValue().getValuesOrDefault("MSP", null);
                if (v == null) {
                    throw new InvalidConfigException(section + " organisation " + org.getKey() + " has no MSP value");
                }
                try {
                    Msp msp = Msp.parse(v.getValue());
                    msps.put(msp.mspId, msp);
                } catch (InvalidProtocolBufferException | GeneralSecurityException e) {
                    throw new InvalidConfigException("the MSP of " + section + " organisation " + org.getKey()
                            + " cannot be read: " + e.getMessage());
                }
            }
        }
        if (msps.isEmpty()) {
            throw new InvalidConfigException("the config defines no organisation");
        }
    }

    Map<String, Msp> msps() {
        return msps;
    }

    /** The identity a serialized identity names, as its MSP in this config accepts it. */
    Identity identify(ByteString serialized) throws Msp.MspException {
        Object j = judged.get(serialized);
        if (j == null) {
            try {
                j = judge(serialized);
            } catch (Msp.MspException e) {
                j = e;
            }
            judged.put(serialized, j);
        }
        if (j instanceof Msp.MspException e) {
            throw new Msp.MspException(e.getMessage());
        }
        return (Identity) j;
    }

    private Identity judge(ByteString serialized) throws Msp.MspException {
        SerializedIdentity id;
        try {
            id = SerializedIdentity.parseFrom(serialized);
        } catch (InvalidProtocolBufferException e) {
            throw new Msp.MspException("the identity is not a SerializedIdentity");
        }
        Msp msp = msps.get(id.getMspid());
        if (msp == null) {
            throw new Msp.MspException(
                    "MSP '" + id.getMspid() + "' is not an organisation of the channel (config of block " + blockNumber
                            + " has " + msps.keySet() + ")");
        }
        X509Certificate cert;
        try {
            cert = Signatures.certificate(id.getIdBytes().toByteArray());
        } catch (CertificateException e) {
            throw new Msp.MspException("the identity's certificate cannot be parsed: " + e.getMessage());
        }
        return msp.validate(serialized, cert);
    }

    /** The group at {@code path} ({@code ["Channel", "Application", "SROMSP"]}), or null. */
    ConfigGroup group(List<String> path) {
        return group(config.getChannelGroup(), path);
    }

    static ConfigGroup group(ConfigGroup root, List<String> path) {
        if (path.isEmpty() || !path.get(0).equals(ROOT)) {
            return null;
        }
        ConfigGroup g = root;
        for (String p : path.subList(1, path.size())) {
            g = g.getGroupsOrDefault(p, null);
            if (g == null) {
                return null;
            }
        }
        return g;
    }

    /** The policy at an absolute path such as {@code /Channel/Application/Endorsement}, or null. */
    ConfigPolicy policy(String absolutePath) {
        List<String> parts = split(absolutePath);
        if (parts.size() < 2) {
            return null;
        }
        ConfigGroup g = group(parts.subList(0, parts.size() - 1));
        return g == null ? null : g.getPoliciesOrDefault(parts.get(parts.size() - 1), null);
    }

    static List<String> split(String absolutePath) {
        if (!absolutePath.startsWith("/")) {
            return List.of();
        }
        return new ArrayList<>(Arrays.asList(absolutePath.substring(1).split("/", -1)));
    }

    /** The config cannot be used: an organisation's MSP is unreadable, or there is none. */
    static final class InvalidConfigException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidConfigException(String message) {
            super(message);
        }
    }
}
