package org.depa.ledger.client.embedded;

import com.google.protobuf.InvalidProtocolBufferException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.SignaturePolicy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;

/**
 * Evaluates a key-level endorsement policy (a {@code SignaturePolicyEnvelope}, as the chaincode
 * sets it with {@code setStateValidationParameter}) against the organisations whose peers
 * endorsed, as Fabric's validator (cauthdsl) does: each endorsement satisfies at most one
 * {@code SignedBy} along the path that counts. Principals are MSP roles; here one endorsement per
 * organisation, by its peer.
 */
final class EndorsementPolicy {
    /** Distinct policies kept parsed; a ledger has a few (one per combination of organisations). */
    static final int CACHE_LIMIT = 256;

    private static final Map<ByteBuffer, Parsed> PARSED = new ConcurrentHashMap<>();

    private EndorsementPolicy() {}

    /**
     * A policy as parsed from its exact bytes. {@code principals} is null when the policy cannot be
     * satisfied (unreadable, or a principal that is not an MSP role); {@code organisations} is what
     * {@link #organisations} returns (empty when unreadable).
     */
    record Parsed(SignaturePolicy rule, List<String> principals, List<String> organisations) {}

    static boolean satisfied(byte[] envelopeBytes, Set<String> endorsingOrgs) {
        Parsed policy = parsed(envelopeBytes);
        if (policy.principals() == null) {
            return false;
        }
        List<String> endorsers = List.copyOf(new java.util.TreeSet<>(endorsingOrgs));
        return evaluate(policy.rule(), policy.principals(), endorsers, new boolean[endorsers.size()]);
    }

    /** The MSP ids a policy names, so the embedded ledger's default endorsement can include them. */
    static List<String> organisations(byte[] envelopeBytes) {
        return parsed(envelopeBytes).organisations();
    }

    /**
     * The parsed policy, from the cache when these exact bytes were parsed before (parsing is a
     * pure function of the bytes, and the parsed form is immutable, so a hit is what parsing gives).
     * The key is a copy: a caller changing its array later cannot change what the cache holds.
     * Emptied when full rather than ordered: policies are few, so it is almost never full.
     */
    static Parsed parsed(byte[] envelopeBytes) {
        Parsed hit = PARSED.get(ByteBuffer.wrap(envelopeBytes));
        if (hit != null) {
            return hit;
        }
        Parsed fresh = parse(envelopeBytes);
        if (PARSED.size() >= CACHE_LIMIT) {
            PARSED.clear();
        }
        PARSED.put(ByteBuffer.wrap(envelopeBytes.clone()), fresh);
        return fresh;
    }

    /** Parses without the cache: what Fabric's validator reads from the bytes. */
    static Parsed parse(byte[] envelopeBytes) {
        SignaturePolicyEnvelope envelope;
        try {
            envelope = SignaturePolicyEnvelope.parseFrom(envelopeBytes);
        } catch (InvalidProtocolBufferException e) {
            return new Parsed(null, null, List.of());
        }
        List<String> principals = new ArrayList<>();
        List<String> organisations = new ArrayList<>();
        boolean allRoles = true;
        for (MSPPrincipal p : envelope.getIdentitiesList()) {
            allRoles &= p.getPrincipalClassification() == MSPPrincipal.Classification.ROLE;
            try {
                String msp = MSPRole.parseFrom(p.getPrincipal()).getMspIdentifier();
                principals.add(msp);
                organisations.add(msp);
            } catch (InvalidProtocolBufferException e) {
                return new Parsed(envelope.getRule(), null, List.of());
            }
        }
        return new Parsed(envelope.getRule(), allRoles ? List.copyOf(principals) : null, List.copyOf(organisations));
    }

    private static boolean evaluate(
            SignaturePolicy rule, List<String> principals, List<String> endorsers, boolean[] used) {
        if (rule.hasSignedBy()) {
            int index = rule.getSignedBy();
            if (index < 0 || index >= principals.size()) {
                return false;
            }
            for (int i = 0; i < endorsers.size(); i++) {
                if (!used[i] && endorsers.get(i).equals(principals.get(index))) {
                    used[i] = true;
                    return true;
                }
            }
            return false;
        }
        if (rule.hasNOutOf()) {
            int verified = 0;
            boolean[] trial = new boolean[used.length];
            for (SignaturePolicy sub : rule.getNOutOf().getRulesList()) {
                System.arraycopy(used, 0, trial, 0, used.length);
                if (evaluate(sub, principals, endorsers, trial)) {
                    verified++;
                    System.arraycopy(trial, 0, used, 0, used.length);
                }
            }
            return verified >= rule.getNOutOf().getN();
        }
        return false;
    }
}
