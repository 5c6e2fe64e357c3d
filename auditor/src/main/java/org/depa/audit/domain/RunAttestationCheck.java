package org.depa.audit.domain;

import java.util.Objects;
import org.depa.attestation.Verdict;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.crypto.RunBinding;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.RunEvidence;
import org.depa.ledger.model.domain.RunStatus;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * A run's start, judged from the evidence kept with it: the report and chain verify (to AMD's
 * roots, or to a development root the ledger recorded, which fails unless the auditor allowed
 * development roots and is flagged even then), REPORT_DATA binds this run, contract and run key,
 * the run records what the report says, and the measurement is certified and allowed by a contract
 * in force. Later writes of the run may change its status only, never what the start bound.
 */
final class RunAttestationCheck implements DomainCheck {
    private final boolean allowDevelopmentRoots;

    RunAttestationCheck(boolean allowDevelopmentRoots) {
        this.allowDevelopmentRoots = allowDevelopmentRoots;
    }

    @Override
    public void check(DomainTx tx, DomainState before, CheckSink sink) {
        for (DomainTx.Entry e : tx.of(Types.RUN)) {
            TrainingRun run;
            try {
                run = e.as(TrainingRun.class);
            } catch (RecordException bad) {
                continue;
            }
            String scope = tx.scope("run " + run.runId());
            if (!e.key.id(0).equals(run.runId())) {
                sink.fail(Checks.RUN_ATTESTATION, scope, "run '" + run.runId() + "' is stored under " + e.key);
                continue;
            }
            TrainingRun was = before.runs.get(run.runId());
            if (was != null) {
                String changed = bindingChange(was, run);
                if (changed != null) {
                    before.attestedRuns.remove(run.runId());
                    sink.fail(Checks.RUN_ATTESTATION, scope, changed);
                }
                continue;
            }
            String[] flag = {""};
            String problem = startProblem(tx, before, run, flag);
            if (problem == null) {
                before.attestedRuns.add(run.runId());
            }
            sink.verdict(
                    Checks.RUN_ATTESTATION,
                    scope,
                    problem,
                    problem != null
                            ? ""
                            : flag[0] + "report verified (" + run.evidence().product() + ", "
                                    + run.evidence().signingKey() + ") at " + tx.time()
                                    + ", binding run key and contract; measurement certified and allowed");
        }
    }

    private String startProblem(DomainTx tx, DomainState before, TrainingRun run, String[] flag) {
        if (run.status() != RunStatus.STARTED) {
            return "run '" + run.runId() + "' first appears " + run.status() + ", never STARTED";
        }
        RunEvidence evidence = run.evidence();
        if (evidence == null) {
            return "run '" + run.runId()
                    + "' carries no attestation evidence: nothing binds its run key to a clean room";
        }
        EvidenceVerifier.Checked checked;
        try {
            checked = EvidenceVerifier.verify(evidence, tx.time(), before.developmentRoots);
        } catch (EvidenceVerifier.EvidenceException bad) {
            return bad.getMessage();
        }
        Verdict v = checked.verdict();
        if (!v.accepted()) {
            return "the start report does not verify at " + tx.time() + ": " + v.reasons() + " ("
                    + String.join("; ", v.details()) + ")"
                    + (before.developmentRoots.isEmpty() ? "; the ledger trusts AMD's roots only" : "");
        }
        if (!checked.reportSha256().equals(run.reportSha256())) {
            return "reportSha256 " + run.reportSha256() + " is not the hash of the evidence's report "
                    + checked.reportSha256();
        }
        String binding = Fields.toHex(RunBinding.reportData(run.runId(), run.contractId(), run.runPublicKeyPem()));
        if (!binding.equals(v.reportDataHex())) {
            return "the report's REPORT_DATA does not bind run '" + run.runId() + "', contract '" + run.contractId()
                    + "' and the run's key: the report was made for another run or key";
        }
        if (!v.measurementHex().equals(run.measurement())
                || !v.chipIdHex().equals(run.chipId())
                || !v.reportedTcbHex().equals(run.reportedTcb())) {
            return "the run records measurement " + run.measurement() + ", chip " + run.chipId() + ", TCB "
                    + run.reportedTcb() + "; the report says " + v.measurementHex() + ", " + v.chipIdHex() + ", "
                    + v.reportedTcbHex();
        }
        if (!checked.root().equals(evidence.root())) {
            return "the evidence says root " + evidence.root() + "; it verifies to " + checked.root();
        }
        ContractRecord c = before.contracts.get(run.contractId());
        String notInForce = DomainState.notInForce(c, run.contractId(), tx.time());
        if (notInForce != null) {
            return "run started while " + notInForce;
        }
        if (!c.terms().ccrProviderId().equals(run.ccrProviderId()) || c.version() != run.contractVersion()) {
            return "the run names CCR provider '" + run.ccrProviderId() + "' and version " + run.contractVersion()
                    + "; the contract names '" + c.terms().ccrProviderId() + "' at version " + c.version();
        }
        if (!before.certified(run.measurement())) {
            return "measurement " + run.measurement() + " was not certified by the SRO at the start";
        }
        if (!c.terms().allowedMeasurements().contains(run.measurement())) {
            return "contract '" + c.contractId() + "' does not allow measurement " + run.measurement();
        }
        if (checked.root().equals(RunEvidence.DEVELOPMENT_ROOT)) {
            if (!allowDevelopmentRoots) {
                return "the start report verifies only to a development (emulator) root, not to AMD's roots (pass"
                        + " --allow-dev-root to accept a development ledger)";
            }
            flag[0] = "FLAGGED: development root; ";
        }
        return null;
    }

    private static String bindingChange(TrainingRun was, TrainingRun now) {
        if (!Objects.equals(was.runPublicKeyPem(), now.runPublicKeyPem())
                || !Objects.equals(was.measurement(), now.measurement())
                || !Objects.equals(was.reportSha256(), now.reportSha256())
                || !Objects.equals(was.chipId(), now.chipId())
                || !Objects.equals(was.reportedTcb(), now.reportedTcb())
                || !Objects.equals(was.contractId(), now.contractId())
                || !Objects.equals(was.ccrProviderId(), now.ccrProviderId())) {
            return "run '" + now.runId() + "' was rewritten with another run key, measurement, report, chip, TCB,"
                    + " contract or provider than its start bound";
        }
        if (was.status() != RunStatus.STARTED && now.status() != was.status()) {
            return "run '" + now.runId() + "' was " + was.status() + " and is now " + now.status();
        }
        return null;
    }
}
