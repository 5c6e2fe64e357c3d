package org.depa.ledger.chaincode;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.hyperledger.fabric.protos.common.MSPPrincipal;
import org.hyperledger.fabric.protos.common.MSPRole;
import org.hyperledger.fabric.protos.common.SignaturePolicy;
import org.hyperledger.fabric.protos.common.SignaturePolicyEnvelope;

/**
 * Key-level (state-based) endorsement policies, as Fabric's validator evaluates them. A key with a
 * validation parameter is checked against that policy <em>instead of</em> the chaincode's MAJORITY,
 * so each policy here carries the majority itself: every required organisation's peer, plus enough
 * other members' peers that the endorsers are a majority of the members.
 *
 * <p>Fabric counts each endorsement once per policy evaluation, so "the SRO and a majority" is
 * written as SRO AND (majority - 1) of the others, never as SRO AND MAJORITY(all), which would ask
 * for one endorsement more than a majority.
 */
public final class KeyPolicies {
    private KeyPolicies() {}

    /**
     * The policy needing a peer of each of {@code required} and, with them, a majority of
     * {@code members} (required organisations outside the members count as extra). Deterministic:
     * principals are sorted by MSP id.
     */
    public static byte[] requiring(List<String> members, SortedSet<String> required) {
        SortedSet<String> others = new TreeSet<>(members);
        others.removeAll(required);
        int majority = members.size() / 2 + 1;
        long requiredMembers = required.stream().filter(members::contains).count();
        int extra = (int) Math.max(0, majority - requiredMembers);
        extra = Math.min(extra, others.size());

        List<String> principals = new ArrayList<>(required);
        principals.addAll(others);
        SignaturePolicyEnvelope.Builder envelope =
                SignaturePolicyEnvelope.newBuilder().setVersion(0);
        for (String msp : principals) {
            envelope.addIdentities(MSPPrincipal.newBuilder()
                    .setPrincipalClassification(MSPPrincipal.Classification.ROLE)
                    .setPrincipal(MSPRole.newBuilder()
                            .setMspIdentifier(msp)
                            .setRole(MSPRole.MSPRoleType.PEER)
                            .build()
                            .toByteString()));
        }
        List<SignaturePolicy> rules = new ArrayList<>();
        for (int i = 0; i < required.size(); i++) {
            rules.add(signedBy(i));
        }
        if (extra > 0) {
            List<SignaturePolicy> otherRules = new ArrayList<>();
            for (int i = required.size(); i < principals.size(); i++) {
                otherRules.add(signedBy(i));
            }
            rules.add(outOf(extra, otherRules));
        }
        envelope.setRule(outOf(rules.size(), rules));
        return envelope.build().toByteArray();
    }

    private static SignaturePolicy signedBy(int index) {
        return SignaturePolicy.newBuilder().setSignedBy(index).build();
    }

    private static SignaturePolicy outOf(int n, List<SignaturePolicy> rules) {
        return SignaturePolicy.newBuilder()
                .setNOutOf(SignaturePolicy.NOutOf.newBuilder().setN(n).addAllRules(rules))
                .build();
    }
}
