package org.depa.ccr.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.modelspec.ModelSpec;
import org.depa.modelspec.ModelSpecException;
import org.depa.modelspec.ModelSpecValidator;
import org.depa.modelspec.ModelSpecs;
import org.depa.modelspec.PrivacyLimits;

/**
 * The opened model spec checked before any dataset key is asked for: its text must open the
 * contract's {@code modelSpecCommitment} with the salt the clean room was given (every party signed
 * that commitment in the terms, and {@link ContractVerifier} has checked those signatures), and it
 * must pass the shared validator against the contract's datasets (their registered schemas) and
 * privacy limits, the same check the TDC's CLI runs before it submits. A refusal is a {@link
 * Stage#MODEL_SPEC} failure naming the field, which fails the run. A contract that binds no spec
 * (made before commitments existed) is validated only, and the agent says so.
 */
final class SpecCheck {
    /** What training uses: the checked spec, and the contract's limits tightened by its {@code dp}. */
    record Checked(ModelSpec spec, PrivacyConstraints limits) {}

    private final Agent.Settings settings;
    private final TypedLedger ledger;

    SpecCheck(Agent.Settings settings, TypedLedger ledger) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    Checked check(ContractTerms terms) {
        try {
            String text = ModelSpecs.readText(settings.modelSpec());
            opensTheCommitment(terms, text);
            ContractTerms scope = jobScope(terms);
            ModelSpec spec = ModelSpecValidator.check(text, context(scope));
            return new Checked(spec, PrivacyLimits.forSpec(spec, PrivacyLimits.tightest(scope.datasets())));
        } catch (ModelSpecException e) {
            throw new AgentException(Stage.MODEL_SPEC, e.getMessage(), e);
        }
    }

    private void opensTheCommitment(ContractTerms terms, String text) {
        String commitment = terms.modelSpecCommitment();
        if (settings.modelSpecCommitment() != null
                && !settings.modelSpecCommitment().equals(commitment)) {
            throw new AgentException(
                    Stage.MODEL_SPEC,
                    "job " + settings.jobId() + "'s modelSpecCommitment is not the one contract " + terms.contractId()
                            + "'s terms carry");
        }
        if (commitment == null) {
            if (settings.modelSpecSalt() != null) {
                throw new AgentException(
                        Stage.MODEL_SPEC,
                        "a salt was given but contract " + terms.contractId()
                                + " commits to no model spec (modelSpecCommitment is absent)");
            }
            return;
        }
        if (settings.modelSpecSalt() == null) {
            throw new AgentException(
                    Stage.MODEL_SPEC,
                    "contract " + terms.contractId() + " commits to a model spec (modelSpecCommitment) and the"
                            + " clean room was given no salt to open it");
        }
        byte[] salt;
        try {
            salt = HexFormat.of().parseHex(settings.modelSpecSalt());
        } catch (IllegalArgumentException e) {
            throw new AgentException(Stage.MODEL_SPEC, "the model spec's salt is not hexadecimal");
        }
        boolean opens;
        try {
            opens = ModelSpecCommitments.matches(commitment, salt, text);
        } catch (LedgerRuleException e) {
            // Not one strict JSON object, or a salt of the wrong length: named by the commitment rules.
            throw new AgentException(Stage.MODEL_SPEC, "model spec: $: " + e.getMessage(), e);
        }
        if (!opens) {
            throw new AgentException(
                    Stage.MODEL_SPEC,
                    "model spec: $: the opened spec and salt do not match contract " + terms.contractId()
                            + "'s modelSpecCommitment " + commitment);
        }
    }

    /**
     * What the spec is checked against: this contract's terms, or, for a job over several contracts
     * (one training over all their datasets), these terms with every contract's dataset clauses, so
     * the columns are those of the joined tables and the limits the tightest of every clause.
     */
    private ContractTerms jobScope(ContractTerms terms) {
        if (settings.jobId() == null) {
            return terms;
        }
        TrainingJob job;
        List<DatasetClause> clauses = new ArrayList<>(terms.datasets());
        try {
            job = ledger.evaluate(Jobs.GET, settings.jobId());
            for (String other : job.contractIds()) {
                if (!other.equals(terms.contractId())) {
                    clauses.addAll(ledger.evaluate(Contracts.GET, other).terms().datasets());
                }
            }
        } catch (LedgerException e) {
            throw new AgentException(
                    Stage.MODEL_SPEC, "job " + settings.jobId() + "'s contracts cannot be read: " + e.getMessage(), e);
        }
        if (job.contractIds().size() == 1) {
            return terms;
        }
        return new ContractTerms(
                terms.contractId(),
                terms.tdcId(),
                terms.ccrProviderId(),
                terms.purpose(),
                terms.validFrom(),
                terms.validUntil(),
                clauses,
                terms.allowedMeasurements(),
                terms.payment(),
                terms.revocation(),
                terms.modelSpecCommitment());
    }

    private ModelSpecValidator.Context context(ContractTerms terms) {
        Map<String, Dataset> datasets = new HashMap<>();
        for (DatasetClause clause : terms.datasets()) {
            try {
                datasets.put(clause.datasetId(), ledger.evaluate(Datasets.GET, clause.datasetId()));
            } catch (LedgerException e) {
                throw new AgentException(
                        Stage.DATASET, "cannot read dataset '" + clause.datasetId() + "': " + e.getMessage(), e);
            }
        }
        try {
            return ModelSpecValidator.Context.of(terms, datasets);
        } catch (IllegalArgumentException e) {
            throw new AgentException(Stage.MODEL_SPEC, "the spec's columns cannot be checked: " + e.getMessage(), e);
        }
    }
}
