package org.depa.ledger.client.embedded;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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
    private EndorsementPolicy() {}

    static boolean satisfied(byte[] envelopeBytes, Set<String> endorsingOrgs) {
        SignaturePolicyEnvelope envelope;
        try {
            envelope = SignaturePolicyEnvelope.parseFrom(envelopeBytes);
        } catch (InvalidProtocolBufferException e) {
            return false;
        }
        List<String> principals = new ArrayList<>();
        for (MSPPrincipal p : envelope.getIdentitiesList()) {
            if (p.getPrincipalClassification() != MSPPrincipal.Classification.ROLE) {
                return false;
            }
            try {
                principals.add(MSPRole.parseFrom(p.getPrincipal()).getMspIdentifier());
            } catch (InvalidProtocolBufferException e) {
                return false;
            }
        }
        List<String> endorsers = List.copyOf(new java.util.TreeSet<>(endorsingOrgs));
        return evaluate(envelope.getRule(), principals, endorsers, new boolean[endorsers.size()]);
    }

    /** The MSP ids a policy names, so the embedded ledger's default endorsement can include them. */
    static List<String> organisations(byte[] envelopeBytes) {
        try {
            List<String> out = new ArrayList<>();
            for (MSPPrincipal p :
                    SignaturePolicyEnvelope.parseFrom(envelopeBytes).getIdentitiesList()) {
                out.add(MSPRole.parseFrom(p.getPrincipal()).getMspIdentifier());
            }
            return out;
        } catch (InvalidProtocolBufferException e) {
            return List.of();
        }
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
