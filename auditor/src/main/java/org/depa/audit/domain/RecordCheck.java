package org.depa.audit.domain;

import java.util.Map;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;
import org.depa.ledger.model.domain.CertifiedMeasurement;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractSignature;
import org.depa.ledger.model.domain.ContractVersion;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.Governance;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.RegistryShard;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * Every value under a domain object type parses strictly as that type's record (unknown fields,
 * trailing bytes and deletes refused): the other checks then judge what the value says. Reported
 * per failure, with one summary PASS at the end.
 */
final class RecordCheck implements DomainCheck {
    private static final Map<String, Class<?>> RECORDS = Map.ofEntries(
            Map.entry(Types.GOVERNANCE, Governance.class),
            Map.entry(Types.SRO_REGISTRY, RegistryShard.class),
            Map.entry(Types.PARTICIPANT, Participant.class),
            Map.entry(Types.DATASET, Dataset.class),
            Map.entry(Types.BUDGET, PrivacyBudget.class),
            Map.entry(Types.MEASUREMENT, CertifiedMeasurement.class),
            Map.entry(Types.CONTRACT, ContractRecord.class),
            Map.entry(Types.CONTRACT_VERSION, ContractVersion.class),
            Map.entry(Types.SIGNATURE, ContractSignature.class),
            Map.entry(Types.RUN, TrainingRun.class),
            Map.entry(Types.KEY_RELEASE, KeyReleaseRecord.class),
            Map.entry(Types.SPEC_KEY_RELEASE, org.depa.ledger.model.domain.SpecKeyReleaseRecord.class),
            Map.entry(Types.JOB, org.depa.ledger.model.domain.TrainingJob.class),
            Map.entry(Types.RECEIPT, TrainingReceipt.class),
            Map.entry(Types.PAYMENT, PaymentInstruction.class));

    private long parsed;
    private long failed;

    @Override
    public void check(DomainTx tx, DomainState before, CheckSink sink) {
        for (Map.Entry<String, Class<?>> r : RECORDS.entrySet()) {
            for (DomainTx.Entry e : tx.of(r.getKey())) {
                try {
                    e.as(r.getValue());
                    parsed++;
                } catch (RecordException bad) {
                    failed++;
                    sink.fail(Checks.DOMAIN_RECORDS, tx.scope(e.key.toString()), bad.getMessage());
                }
            }
        }
    }

    void finish(CheckSink sink) {
        if (parsed > 0 && failed == 0) {
            sink.pass(Checks.DOMAIN_RECORDS, "ledger", parsed + " domain records parsed as their types");
        }
    }
}
