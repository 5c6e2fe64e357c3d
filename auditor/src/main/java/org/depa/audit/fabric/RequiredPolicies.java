package org.depa.audit.fabric;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hyperledger.fabric.protos.common.ConfigGroup;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;
import org.hyperledger.fabric.protos.ledger.rwset.CollectionHashedReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.HashedRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVMetadataWrite;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVWrite;
import org.hyperledger.fabric.protos.msp.FabricMSPConfig;
import org.hyperledger.fabric.protos.msp.MSPConfig;
import org.hyperledger.fabric.protos.peer.ApplicationPolicy;

/**
 * The policies one transaction's writes must satisfy, as Fabric's v2 validator decides them: a
 * key with a key-level policy needs that policy; other public writes need the chaincode
 * definition's policy; {@code _lifecycle}'s public writes need
 * {@code /Channel/Application/LifecycleEndorsement} and its writes to an organisation's implicit
 * collection (an approval) that organisation's {@code Endorsement} policy. A chaincode invoked
 * without writes still needs its own policy. Writing to a namespace with no committed
 * definition fails.
 */
final class RequiredPolicies {
    private static final String IMPLICIT = "_implicit_org_";
    private final AuditContext ctx;
    /** What is required, by a name for the report, in order. */
    private final Map<String, Requirement> required = new LinkedHashMap<>();

    private final List<String> problems = new ArrayList<>();
    private final List<String> written = new ArrayList<>();

    private sealed interface Requirement permits PathPolicy, EnvelopePolicy {}

    private record PathPolicy(String path) implements Requirement {}

    private record EnvelopePolicy(SignaturePolicyEnvelope envelope) implements Requirement {}

    RequiredPolicies(AuditContext ctx) {
        this.ctx = ctx;
    }

    void add(NsReadWriteSet ns, KVRWSet kv) throws InvalidProtocolBufferException {
        String name = ns.getNamespace();
        boolean publicWrites = kv.getWritesCount() > 0 || kv.getMetadataWritesCount() > 0;
        List<String> collections = new ArrayList<>();
        for (CollectionHashedReadWriteSet c : ns.getCollectionHashedRwsetList()) {
            HashedRWSet h = HashedRWSet.parseFrom(c.getHashedRwset());
            if (h.getHashedWritesCount() > 0 || h.getMetadataWritesCount() > 0) {
                collections.add(c.getCollectionName());
            }
        }
        if (!publicWrites && collections.isEmpty()) {
            return;
        }
        written.add(name);
        if (NamespacePolicies.LIFECYCLE.equals(name)) {
            if (publicWrites) {
                required.put("LifecycleEndorsement", new PathPolicy("/Channel/Application/LifecycleEndorsement"));
            }
            for (String c : collections) {
                if (!c.startsWith(IMPLICIT)) {
                    problems.add("_lifecycle writes to collection " + c
                            + ", which is not an implicit organisation collection");
                    continue;
                }
                String msp = c.substring(IMPLICIT.length());
                String org = applicationOrgOf(msp);
                if (org == null) {
                    problems.add("_lifecycle writes to the implicit collection of " + msp
                            + ", not an application organisation");
                } else {
                    String path = "/Channel/Application/" + org + "/Endorsement";
                    required.put(path, new PathPolicy(path));
                }
            }
            return;
        }
        boolean chaincodePolicy = !collections.isEmpty();
        for (KVWrite w : kv.getWritesList()) {
            chaincodePolicy |= keyPolicy(name, w.getKey());
        }
        for (KVMetadataWrite m : kv.getMetadataWritesList()) {
            chaincodePolicy |= keyPolicy(name, m.getKey());
        }
        if (chaincodePolicy) {
            chaincode(name);
        }
    }

    /** The invoked chaincode's own policy applies even when it wrote nothing. */
    void invoked(String chaincode) {
        if (!chaincode.isEmpty() && !written.contains(chaincode) && !chaincode.startsWith("_")) {
            chaincode(chaincode);
        }
    }

    /** True when the key has no key-level policy (so the chaincode's applies). */
    private boolean keyPolicy(String ns, String key) {
        SignaturePolicyEnvelope sbe = ctx.policies.key(ns, key);
        if (sbe == null) {
            return true;
        }
        required.put("key-level policy of " + ns + "/" + key, new EnvelopePolicy(sbe));
        return false;
    }

    private void chaincode(String name) {
        ApplicationPolicy ap = ctx.policies.chaincode(name);
        if (ap == null) {
            problems.add("namespace " + name
                    + " has no chaincode definition committed on the channel before this transaction");
        } else if (ap.hasSignaturePolicy()) {
            required.put("chaincode " + name + " definition", new EnvelopePolicy(ap.getSignaturePolicy()));
        } else {
            required.put(
                    "chaincode " + name + " definition " + ap.getChannelConfigPolicyReference(),
                    new PathPolicy(ap.getChannelConfigPolicyReference()));
        }
    }

    private String applicationOrgOf(String mspId) {
        ConfigGroup app = ctx.config.group(List.of(ChannelConfig.ROOT, "Application"));
        if (app == null) {
            return null;
        }
        for (Map.Entry<String, ConfigGroup> group : app.getGroupsMap().entrySet()) {
            try {
                MSPConfig m = MSPConfig.parseFrom(
                        group.getValue().getValuesOrThrow("MSP").getValue());
                if (FabricMSPConfig.parseFrom(m.getConfig()).getName().equals(mspId)) {
                    return group.getKey();
                }
            } catch (InvalidProtocolBufferException | IllegalArgumentException e) {
                // an unreadable MSP fails when the config is read; skip it here
            }
        }
        return null;
    }

    /** Null when every required policy is satisfied by {@code endorsers}, otherwise what is not. */
    String evaluate(List<Identity> endorsers) {
        List<String> out = new ArrayList<>(problems);
        PolicyEvaluator evaluator = new PolicyEvaluator(ctx.config);
        for (Map.Entry<String, Requirement> r : required.entrySet()) {
            try {
                boolean ok = r.getValue() instanceof PathPolicy p
                        ? evaluator.satisfied(p.path(), endorsers)
                        : PolicyEvaluator.satisfied(((EnvelopePolicy) r.getValue()).envelope(), endorsers);
                if (!ok) {
                    out.add("the valid endorsements "
                            + endorsers.stream().map(Identity::mspId).toList() + " do not satisfy " + r.getKey());
                }
            } catch (PolicyEvaluator.PolicyException e) {
                out.add(r.getKey() + ": " + e.getMessage());
            }
        }
        if (required.isEmpty() && out.isEmpty()) {
            return null;
        }
        return out.isEmpty() ? null : String.join("; ", out);
    }

    @Override
    public String toString() {
        return required.isEmpty() ? "no policy (no writes)" : String.join(", ", required.keySet());
    }
}
