package org.depa.ledger.client.embedded;

import java.util.Set;
import java.util.TreeSet;
import org.depa.ledger.chaincode.ChaincodeSettings;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;

/**
 * The embedded ledger's endorsement step: which organisations endorsed a transaction, and
 * Fabric's validation of their endorsements against the key-level policies of the keys it writes
 * and the chaincode's MAJORITY, so the embedded ledger refuses at commit what the network refuses.
 */
final class Endorsements {
    private Endorsements() {}

    /** The endorsing organisations, once the policies of every key written are satisfied; else refuses. */
    static Set<String> check(
            ChaincodeSettings settings, WorldState state, EmbeddedLedger.Simulation sim, ReadWriteSet rw) {
        Set<String> endorsers = endorsers(settings, state, sim.endorsingOrgs(), sim.creatorMsp(), rw);
        String failure = findPolicyFailure(settings, state, rw, endorsers);
        if (failure != null) {
            throw new LedgerException(
                    LedgerException.Stage.COMMIT,
                    ErrorCode.ENDORSEMENT_POLICY_FAILURE,
                    "transaction " + sim.txId() + " is invalid: " + failure + " (endorsed by "
                            + new TreeSet<>(endorsers) + ")",
                    sim.txId(),
                    null);
        }
        return endorsers;
    }

    /** Who endorsed: the organisations pinned by the client, or those discovery would choose. */
    static Set<String> endorsers(
            ChaincodeSettings settings, WorldState state, Set<String> pinned, String creatorMsp, ReadWriteSet rw) {
        if (pinned != null) {
            return pinned;
        }
        Set<String> orgs = new TreeSet<>(settings.memberMspIds());
        orgs.add(settings.sroMspId());
        orgs.add(creatorMsp);
        for (String key : writtenKeys(rw)) {
            byte[] policy = state.policy(key);
            if (policy != null) {
                orgs.addAll(EndorsementPolicy.organisations(policy));
            }
        }
        return orgs;
    }

    /**
     * Fabric's validation of endorsements: every written key (value or policy) with a key-level
     * policy must have that policy satisfied; the chaincode's MAJORITY of the member organisations
     * applies to keys without one, and to a transaction that wrote none with a policy.
     */
    static String findPolicyFailure(
            ChaincodeSettings settings, WorldState state, ReadWriteSet rw, Set<String> endorsers) {
        boolean chaincodePolicyNeeded = false;
        boolean keyPolicyChecked = false;
        for (String key : writtenKeys(rw)) {
            byte[] policy = state.policy(key);
            if (policy == null) {
                chaincodePolicyNeeded = true;
            } else if (!EndorsementPolicy.satisfied(policy, endorsers)) {
                return "key " + key.replace('\u0000', '/') + " needs the endorsement of "
                        + EndorsementPolicy.organisations(policy) + " as its key-level policy says";
            } else {
                keyPolicyChecked = true;
            }
        }
        if (chaincodePolicyNeeded || !keyPolicyChecked) {
            Set<String> members = new TreeSet<>(settings.memberMspIds());
            members.add(settings.sroMspId());
            long endorsingMembers = members.stream().filter(endorsers::contains).count();
            if (endorsingMembers < members.size() / 2 + 1) {
                return "the chaincode's MAJORITY policy needs " + (members.size() / 2 + 1) + " of " + members;
            }
        }
        return null;
    }

    private static Set<String> writtenKeys(ReadWriteSet rw) {
        Set<String> keys = new java.util.LinkedHashSet<>(rw.writes.keySet());
        keys.addAll(rw.metadataWrites.keySet());
        return keys;
    }
}
