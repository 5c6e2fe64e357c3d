package org.depa.audit.domain;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.depa.audit.replay.CommittedTx;
import org.depa.audit.replay.DevelopmentRootCheck;
import org.depa.audit.replay.WriteReplay;
import org.depa.audit.report.CheckResult;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;

/**
 * The domain half of the audit: the chaincode's committed writes, replayed in commit order, judged
 * against the consortium's rules without trusting the chaincode's own verdicts (signatures, the
 * attestation and the arithmetic are all done again). The same replay runs over a Fabric bundle
 * and over the embedded ledger's lines.
 *
 * <p>What a refusal means here: a transaction the chaincode refused never commits (on Fabric it is
 * not submitted, or the peers mark it invalid and it is not replayed; on the embedded ledger it
 * writes no line), so the replay sees only what took effect, and a FAIL is a write the rules forbid
 * that nevertheless committed: a forged line, a chaincode that broke its own rules, or a majority
 * of endorsers that ran another one.
 *
 * <p>Memory grows with the objects on the ledger (one compact record each), not with the blocks.
 * System namespaces ({@code _lifecycle}) are not the domain's and are skipped.
 */
public final class DomainReplay implements WriteReplay {
    private static final List<String> IDS = List.of(
            Checks.DOMAIN_RECORDS,
            Checks.CONTRACT_DOCUMENT,
            Checks.CONTRACT_SIGNATURE,
            Checks.CONTRACT_ACTIVATION,
            Checks.RUN_ATTESTATION,
            Checks.KEY_RELEASE,
            Checks.RECEIPT_SIGNATURE,
            Checks.RECEIPT_EPSILON,
            Checks.BUDGET,
            Checks.PAYMENT);

    private final DomainState state = new DomainState();
    private final RecordCheck records = new RecordCheck();
    private final List<DomainCheck> checks;
    private final Set<String> reported = new HashSet<>();

    /**
     * @param channel the channel the signing payloads name (the chaincode is each transaction's namespace)
     * @param allowDevelopmentRoots {@code --allow-dev-root}: a run verified to a development root the
     *     ledger records passes, flagged; otherwise it fails
     */
    public DomainReplay(String channel, boolean allowDevelopmentRoots) {
        checks = List.of(
                records,
                new ContractDocumentCheck(),
                new ContractSignatureCheck(channel),
                new ActivationCheck(),
                new RunAttestationCheck(allowDevelopmentRoots),
                new KeyReleaseCheck(),
                new SpecKeyReleaseCheck(),
                new ReceiptCheck(channel),
                new BudgetCheck(),
                new PaymentCheck());
    }

    /** The replays every audit runs: the development-root flag and the domain checks. */
    public static List<WriteReplay> standard(String channel, boolean allowDevelopmentRoots) {
        return List.of(
                new DevelopmentRootCheck(allowDevelopmentRoots), new DomainReplay(channel, allowDevelopmentRoots));
    }

    @Override
    public void transaction(CommittedTx tx, CheckSink sink) {
        if (tx.namespace().startsWith("_")) {
            return;
        }
        DomainTx d = new DomainTx(tx);
        CheckSink counting = r -> {
            reported.add(r.id());
            sink.accept(r);
        };
        for (DomainCheck c : checks) {
            try {
                c.check(d, state, counting);
            } catch (RuntimeException unexpected) {
                // A ledger shaped as no honest chaincode writes (a tampered one, or one from an older
                // chaincode) must give the auditor a failure to read, never a crash that hides the
                // rest of the history.
                counting.accept(new CheckResult(
                        Checks.DOMAIN_RECORDS,
                        d.scope("transaction"),
                        org.depa.audit.report.Status.FAIL,
                        c.getClass().getSimpleName() + " could not judge this transaction: " + unexpected));
            }
        }
        try {
            state.apply(d);
        } catch (RuntimeException unexpected) {
            counting.accept(new CheckResult(
                    Checks.DOMAIN_RECORDS,
                    d.scope("transaction"),
                    org.depa.audit.report.Status.FAIL,
                    "its writes could not be replayed: " + unexpected));
        }
    }

    @Override
    public void finish(CheckSink sink) {
        records.finish(r -> {
            reported.add(r.id());
            sink.accept(r);
        });
        for (String id : IDS) {
            if (!reported.contains(id)) {
                sink.accept(new CheckResult(
                        id, "ledger", org.depa.audit.report.Status.SKIP, "nothing on this ledger for this check"));
            }
        }
    }
}
