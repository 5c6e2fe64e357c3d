package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.common.Config;
import org.hyperledger.fabric.protos.common.ConfigEnvelope;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.ConfigPolicy;
import org.hyperledger.fabric.protos.common.ConfigSignature;
import org.hyperledger.fabric.protos.common.ConfigUpdate;
import org.hyperledger.fabric.protos.common.ConfigUpdateEnvelope;
import org.hyperledger.fabric.protos.common.ConfigValue;
import org.hyperledger.fabric.protos.common.Payload;
import org.hyperledger.fabric.protos.common.SignatureHeader;

/**
 * A config block against the config before it, as Fabric's configtx validator authorises an
 * update: every element that differs (a value, a policy, a group's membership) must have its
 * version raised by one, must be exactly what the signed config update writes, and the update's
 * signatures must satisfy the mod_policy the element had before the change (for an added or
 * removed element, its group's). An organisation's MSP value (its root certificates) has the
 * organisation's {@code Admins} as mod_policy, so changing the roots needs that organisation's
 * admins, whatever the orderer signs.
 */
final class ConfigUpdateAuditor {
    private final ChannelConfig previous;
    private final PolicyEvaluator evaluator;
    private final List<String> problems = new ArrayList<>();
    private final Map<String, Boolean> authorised = new LinkedHashMap<>();
    private final List<String> changed = new ArrayList<>();
    private List<Identity> signers = List.of();
    private ConfigGroup writeSet;

    ConfigUpdateAuditor(ChannelConfig previous) {
        this.previous = previous;
        this.evaluator = new PolicyEvaluator(previous);
    }

    /** Null when the new config is an authorised update of the previous one, otherwise why not. */
    String check(Payload configTx, String channel, StringBuilder details) {
        Config next;
        try {
            ConfigEnvelope ce = ConfigEnvelope.parseFrom(configTx.getData());
            next = ce.getConfig();
            Payload up = Payload.parseFrom(ce.getLastUpdate().getPayload());
            ConfigUpdateEnvelope cue = ConfigUpdateEnvelope.parseFrom(up.getData());
            ConfigUpdate update = ConfigUpdate.parseFrom(cue.getConfigUpdate());
            if (!channel.equals(update.getChannelId())) {
                return "the config update is for channel '" + update.getChannelId() + "', not " + channel;
            }
            writeSet = update.getWriteSet();
            List<SignedData> signed = new ArrayList<>();
            for (ConfigSignature s : cue.getSignaturesList()) {
                ByteString creator =
                        SignatureHeader.parseFrom(s.getSignatureHeader()).getCreator();
                signed.add(new SignedData(
                        creator,
                        s.getSignatureHeader().concat(cue.getConfigUpdate()).toByteArray(),
                        s.getSignature().toByteArray()));
            }
            List<String> refused = new ArrayList<>();
            signers = PolicyEvaluator.verifiedSigners(previous, signed, refused);
            refused.forEach(r -> problems.add("a config update signature is refused: " + r));
        } catch (InvalidProtocolBufferException e) {
            return "the config transaction or its signed update cannot be parsed: " + e.getMessage();
        }
        if (next.getSequence() != previous.config.getSequence() + 1) {
            problems.add(
                    "the config sequence goes from " + previous.config.getSequence() + " to " + next.getSequence());
        }
        group(List.of(), ChannelConfig.ROOT, previous.config.getChannelGroup(), next.getChannelGroup(), writeSet);
        if (changed.isEmpty()) {
            problems.add("the config block changes nothing");
        }
        authorised.forEach((path, ok) -> {
            if (!ok) {
                problems.add("the update's signatures "
                        + signers.stream().map(Identity::describe).toList() + " do not satisfy " + path
                        + ", which the change needs");
            }
        });
        details.append("changed ")
                .append(changed)
                .append(", authorised by ")
                .append(authorised.keySet())
                .append(", signed by ")
                .append(signers.stream().map(Identity::mspId).toList());
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private void group(List<String> parent, String key, ConfigGroup old, ConfigGroup now, ConfigGroup written) {
        List<String> path = new ArrayList<>(parent);
        path.add(key);
        String where = "/" + String.join("/", path);
        boolean membership = !old.getGroupsMap()
                        .keySet()
                        .equals(now.getGroupsMap().keySet())
                || !old.getValuesMap().keySet().equals(now.getValuesMap().keySet())
                || !old.getPoliciesMap().keySet().equals(now.getPoliciesMap().keySet());
        if (membership
                || old.getVersion() != now.getVersion()
                || !old.getModPolicy().equals(now.getModPolicy())) {
            changed.add(where);
            version(where, old.getVersion(), now.getVersion());
            if (written == null
                    || written.getVersion() != now.getVersion()
                    || !written.getModPolicy().equals(now.getModPolicy())
                    || !written.getGroupsMap()
                            .keySet()
                            .equals(now.getGroupsMap().keySet())
                    || !written.getValuesMap()
                            .keySet()
                            .equals(now.getValuesMap().keySet())
                    || !written.getPoliciesMap()
                            .keySet()
                            .equals(now.getPoliciesMap().keySet())) {
                problems.add("group " + where + " is not as the signed update writes it");
            }
            authorise(where, old.getModPolicy(), path);
        }
        for (String k : new TreeSet<>(now.getValuesMap().keySet())) {
            leaf(
                    path,
                    "value",
                    k,
                    old.getValuesMap().get(k),
                    now.getValuesMap().get(k),
                    written == null ? null : written.getValuesMap().get(k));
        }
        for (String k : new TreeSet<>(now.getPoliciesMap().keySet())) {
            leaf(
                    path,
                    "policy",
                    k,
                    old.getPoliciesMap().get(k),
                    now.getPoliciesMap().get(k),
                    written == null ? null : written.getPoliciesMap().get(k));
        }
        for (String k : new TreeSet<>(now.getGroupsMap().keySet())) {
            ConfigGroup o = old.getGroupsMap().get(k);
            ConfigGroup w = written == null ? null : written.getGroupsMap().get(k);
            if (o == null) {
                changed.add(where + "/" + k);
                if (w == null || !w.equals(now.getGroupsMap().get(k))) {
                    problems.add("added group " + where + "/" + k + " is not as the signed update writes it");
                }
            } else {
                group(path, k, o, now.getGroupsMap().get(k), w);
            }
        }
    }

    private void leaf(List<String> groupPath, String kind, String key, Object old, Object now, Object written) {
        if (Objects.equals(old, now)) {
            return;
        }
        String where = "/" + String.join("/", groupPath) + " " + kind + " " + key;
        changed.add(where);
        if (!Objects.equals(now, written)) {
            problems.add(where + " is not as the signed update writes it");
        }
        if (old == null) {
            return; // an addition: its group's membership changed, authorised there
        }
        version(where, version(old), version(now));
        authorise(where, modPolicy(old), groupPath);
    }

    private void version(String where, long old, long now) {
        if (now != old + 1) {
            problems.add(where + " changed from version " + old + " to " + now + " (a change must raise it by one)");
        }
    }

    /** Records whether the signers satisfy {@code modPolicy}, relative to the group at {@code groupPath}. */
    private void authorise(String where, String modPolicy, List<String> groupPath) {
        if (modPolicy.isEmpty()) {
            problems.add(where + " has no mod_policy, so no one may change it");
            return;
        }
        String path = modPolicy.startsWith("/") ? modPolicy : "/" + String.join("/", groupPath) + "/" + modPolicy;
        if (authorised.containsKey(path)) {
            return;
        }
        try {
            authorised.put(path, evaluator.satisfied(path, signers));
        } catch (PolicyEvaluator.PolicyException e) {
            problems.add(where + ": " + e.getMessage());
            authorised.put(path, false);
        }
    }

    private static long version(Object o) {
        return o instanceof ConfigValue v ? v.getVersion() : ((ConfigPolicy) o).getVersion();
    }

    private static String modPolicy(Object o) {
        return o instanceof ConfigValue v ? v.getModPolicy() : ((ConfigPolicy) o).getModPolicy();
    }
}
