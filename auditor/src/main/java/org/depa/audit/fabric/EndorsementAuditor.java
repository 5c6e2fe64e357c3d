package org.depa.audit.fabric;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depa.audit.report.Checks;
import org.hyperledger.fabric.protos.ledger.rwset.NsReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.TxReadWriteSet;
import org.hyperledger.fabric.protos.ledger.rwset.kvrwset.KVRWSet;
import org.hyperledger.fabric.protos.peer.ChaincodeAction;
import org.hyperledger.fabric.protos.peer.ChaincodeActionPayload;
import org.hyperledger.fabric.protos.peer.ChaincodeInvocationSpec;
import org.hyperledger.fabric.protos.peer.ChaincodeProposalPayload;
import org.hyperledger.fabric.protos.peer.Endorsement;
import org.hyperledger.fabric.protos.peer.ProposalResponsePayload;
import org.hyperledger.fabric.protos.peer.Transaction;
import org.hyperledger.fabric.protos.peer.TransactionAction;

/**
 * An endorser transaction's endorsements: the proposal they endorsed is this transaction's, each
 * signature verifies over the proposal response payload and the endorser, each endorser is a
 * member of its organisation's MSP, and the valid endorsers satisfy the policies of what the
 * transaction writes ({@link RequiredPolicies}).
 */
final class EndorsementAuditor {
    private final AuditContext ctx;

    EndorsementAuditor(AuditContext ctx) {
        this.ctx = ctx;
    }

    void audit(TxScope tx, TxAuditor.Parsed p, List<String> canonical) {
        Transaction t;
        try {
            t = Transaction.parseFrom(p.payload().getData());
            add(canonical, Canonical.problem("the transaction", t, p.payload().getData()));
        } catch (InvalidProtocolBufferException e) {
            canonical.add("the transaction cannot be parsed: " + e.getMessage());
            skipAll(tx, "the transaction cannot be parsed");
            return;
        }
        if (t.getActionsCount() != 1) {
            canonical.add("the transaction has " + t.getActionsCount() + " actions; Fabric allows exactly one");
            skipAll(tx, "the transaction does not have exactly one action");
            return;
        }
        TransactionAction action = t.getActions(0);
        ChaincodeActionPayload cap;
        ProposalResponsePayload prp;
        TxReadWriteSet rwset;
        String invoked;
        try {
            cap = ChaincodeActionPayload.parseFrom(action.getPayload());
            add(canonical, Canonical.problem("the chaincode action payload", cap, action.getPayload()));
            ByteString prpBytes = cap.getAction().getProposalResponsePayload();
            prp = ProposalResponsePayload.parseFrom(prpBytes);
            add(canonical, Canonical.problem("the proposal response payload", prp, prpBytes));
            ChaincodeAction cca = ChaincodeAction.parseFrom(prp.getExtension());
            add(canonical, Canonical.problem("the chaincode action", cca, prp.getExtension()));
            rwset = TxReadWriteSet.parseFrom(cca.getResults());
            add(canonical, Canonical.problem("the read-write set", rwset, cca.getResults()));
            ChaincodeProposalPayload cpp = ChaincodeProposalPayload.parseFrom(cap.getChaincodeProposalPayload());
            add(canonical, Canonical.problem("the chaincode proposal payload", cpp, cap.getChaincodeProposalPayload()));
            invoked = ChaincodeInvocationSpec.parseFrom(cpp.getInput())
                    .getChaincodeSpec()
                    .getChaincodeId()
                    .getName();
        } catch (InvalidProtocolBufferException e) {
            canonical.add("a nested message cannot be parsed: " + e.getMessage());
            skipAll(tx, "the transaction's action cannot be parsed");
            return;
        }
        if (!action.getHeader().equals(p.payload().getHeader().getSignatureHeader())) {
            canonical.add("the action's signature header differs from the envelope's");
        }
        byte[] proposalHash = BlockHashes.sha256(
                p.payload().getHeader().getChannelHeader().toByteArray(),
                action.getHeader().toByteArray(),
                cap.getChaincodeProposalPayload().toByteArray());
        String binding = Arrays.equals(proposalHash, prp.getProposalHash().toByteArray())
                ? null
                : "the endorsements are for another proposal: the proposal hash in the response is not the hash of this transaction's header and proposal payload";
        List<Identity> endorsers = endorsers(tx, cap, binding);
        policy(tx, p, rwset, invoked, endorsers);
    }

    private List<Identity> endorsers(TxScope tx, ChaincodeActionPayload cap, String binding) {
        byte[] prp = cap.getAction().getProposalResponsePayload().toByteArray();
        List<String> badSignatures = new ArrayList<>();
        List<String> badIdentities = new ArrayList<>();
        Map<ByteString, Identity> valid = new LinkedHashMap<>();
        int i = 0;
        for (Endorsement e : cap.getAction().getEndorsementsList()) {
            String which = "endorsement " + i++;
            Identity id;
            try {
                id = ctx.config.identify(e.getEndorser());
            } catch (Msp.MspException ex) {
                badIdentities.add(which + ": " + ex.getMessage());
                continue;
            }
            byte[] signed = new byte[prp.length + e.getEndorser().size()];
            System.arraycopy(prp, 0, signed, 0, prp.length);
            e.getEndorser().copyTo(signed, prp.length);
            String bad = Signatures.check(
                    id.certificate().getPublicKey(), signed, e.getSignature().toByteArray());
            if (bad != null) {
                badSignatures.add(which + " by " + id.describe() + ": " + bad);
            } else if (binding == null) {
                valid.putIfAbsent(e.getEndorser(), id);
            }
        }
        int n = cap.getAction().getEndorsementsCount();
        if (binding != null) {
            badSignatures.add(0, binding);
        }
        tx.verdict(
                Checks.ENDORSEMENT_SIGNATURES,
                badSignatures.isEmpty() ? null : String.join("; ", badSignatures),
                n + " endorsements sign this transaction's proposal response");
        tx.verdict(
                Checks.ENDORSER_IDENTITIES,
                badIdentities.isEmpty() ? null : String.join("; ", badIdentities),
                n + " endorsers are members of their organisations: "
                        + valid.values().stream().map(Identity::mspId).toList());
        return new ArrayList<>(valid.values());
    }

    private void policy(
            TxScope tx, TxAuditor.Parsed p, TxReadWriteSet rwset, String invoked, List<Identity> endorsers) {
        RequiredPolicies required = new RequiredPolicies(ctx);
        String problem;
        List<KVRWSet> publicSets = new ArrayList<>();
        try {
            for (NsReadWriteSet ns : rwset.getNsRwsetList()) {
                KVRWSet kv = KVRWSet.parseFrom(ns.getRwset());
                publicSets.add(kv);
                required.add(ns, kv);
            }
            required.invoked(invoked);
            problem = required.evaluate(endorsers);
        } catch (InvalidProtocolBufferException e) {
            problem = "a namespace's read-write set cannot be parsed: " + e.getMessage();
        }
        tx.verdict(
                Checks.ENDORSEMENT_POLICY,
                problem,
                "endorsed by " + endorsers.stream().map(Identity::mspId).toList() + ", satisfying " + required);
        if (tx.valid()) {
            try {
                for (int i = 0; i < publicSets.size(); i++) {
                    ctx.policies.apply(rwset.getNsRwset(i).getNamespace(), publicSets.get(i));
                    Replays.feed(ctx, tx, p, rwset.getNsRwset(i).getNamespace(), publicSets.get(i));
                }
            } catch (InvalidProtocolBufferException e) {
                ctx.sink.fail(
                        Checks.ENDORSEMENT_POLICY,
                        tx.scope,
                        "a policy this valid transaction writes cannot be parsed: " + e.getMessage());
            }
        }
    }

    private static void skipAll(TxScope tx, String why) {
        tx.skip(Checks.ENDORSEMENT_SIGNATURES, why);
        tx.skip(Checks.ENDORSER_IDENTITIES, why);
        tx.skip(Checks.ENDORSEMENT_POLICY, why);
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }
}
