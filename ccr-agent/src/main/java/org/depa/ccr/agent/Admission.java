package org.depa.ccr.agent;

import java.io.PrintStream;
import java.util.Objects;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.PrivacyConstraints;

/**
 * What every invocation establishes before it takes a step, because the journal cannot keep it:
 * fresh evidence of this clean room ({@link SelfAttestation}) and the contract's current standing,
 * checked here ({@link ContractVerifier}). A contract revoked while the agent was down stops the
 * run at its next start.
 */
final class Admission {
    /** The attested clean room under a verified contract: what the steps work from. */
    record Admitted(SelfAttestation.Attested attested, ContractVerifier.Verified verified) {
        ContractRecord contract() {
            return verified.contract();
        }

        /** The limits the run trains within and the receipt is checked against. */
        PrivacyConstraints limits() {
            return ContractLimits.tightest(contract().terms().datasets());
        }

        /** The certificate the TDC registered: what leaves the clean room is sealed to its key. */
        String tdcCertificatePem() {
            return verified.parties().get(contract().terms().tdcId()).certificatePem();
        }
    }

    private final SelfAttestation attestation;
    private final ContractVerifier contracts;
    private final Agent.Settings settings;
    private final PrintStream log;

    Admission(SelfAttestation attestation, ContractVerifier contracts, Agent.Settings settings, PrintStream log) {
        this.attestation = Objects.requireNonNull(attestation, "attestation");
        this.contracts = Objects.requireNonNull(contracts, "contracts");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.log = Objects.requireNonNull(log, "log");
    }

    Admitted admit(RunJournal journal) {
        SelfAttestation.Attested attested = attestation.attest(journal.state());
        String measurement = attested.measurementHex();
        ContractVerifier.Verified verified = contracts.verify(
                settings.contractId(),
                settings.ccrProviderId(),
                measurement,
                settings.clock().instant());
        ContractRecord contract = verified.contract();
        log.println("ccr-agent: contract " + contract.contractId() + " v" + contract.version() + " ACTIVE, "
                + contract.parties().size() + " signatures verified, measurement " + measurement.substring(0, 16)
                + "... allowed");
        return new Admitted(attested, verified);
    }
}
