package org.depa.ledger.chaincode;

import java.math.BigDecimal;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.EventType;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetStatus;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.tx.DatasetRequest;
import org.hyperledger.fabric.contract.annotation.Contract;
import org.hyperledger.fabric.contract.annotation.Info;
import org.hyperledger.fabric.contract.annotation.Transaction;

/**
 * Datasets and their privacy budgets. Listing uses two indexes (by owner, by purpose) kept as
 * composite keys, because LevelDB has no rich queries.
 */
@Contract(name = "datasets", info = @Info(title = "DEPA datasets", version = "1"))
public final class DatasetTransactions extends DepaTransactions {

    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String register(DepaContext ctx, String json) {
        return TxRunner.run(Datasets.REGISTER, json, request -> {
            DatasetRequest r = Requests.dataset(request);
            Participant owner = Guard.actor(ctx, r.ownerId(), Role.TDP);
            if (ctx.state().exists(ObjectType.DATASET, r.id())) {
                throw new LedgerRuleException(
                        ErrorCode.ALREADY_EXISTS, "dataset '" + r.id() + "' is already registered");
            }
            Dataset d = toDataset(ctx, r, 1, ctx.nowText());
            // From now on the dataset and its budget change only with the owner's organisation endorsing.
            byte[] ownerPolicy = Governing.policy(ctx, owner.mspId());
            ctx.state().putWithPolicy(ObjectType.DATASET, d, ownerPolicy, d.id());
            ctx.state().putIndex(ObjectType.DATASET_BY_OWNER, d.ownerId(), d.id());
            d.terms().allowedPurposes().forEach(p -> ctx.state().putIndex(ObjectType.DATASET_BY_PURPOSE, p, d.id()));
            PrivacyBudget budget = new PrivacyBudget(
                    d.id(),
                    d.terms().totalEpsilon(),
                    d.terms().delta(),
                    BigDecimal.ZERO,
                    BigDecimal.ZERO,
                    ctx.nowText(),
                    ctx.txId());
            ctx.state().putWithPolicy(ObjectType.BUDGET, budget, ownerPolicy, d.id());
            ctx.events().emit(EventType.DATASET_REGISTERED, ObjectType.DATASET, d.id(), d.ownerId());
            return d;
        });
    }

    /** Replaces a dataset's description and terms. The budget may grow, or shrink down to what is committed. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String update(DepaContext ctx, String json) {
        return TxRunner.run(Datasets.UPDATE, json, request -> {
            DatasetRequest r = Requests.dataset(request);
            Dataset old = ownedAvailable(ctx, r.id(), r.ownerId());
            PrivacyBudget budget = ctx.state().get(ObjectType.BUDGET, PrivacyBudget.class, old.id());
            BigDecimal committed = budget.reservedEpsilon().add(budget.spentEpsilon());
            if (r.terms().totalEpsilon().compareTo(committed) < 0) {
                throw new LedgerRuleException(
                        ErrorCode.BUDGET_BELOW_COMMITTED,
                        "terms.totalEpsilon " + r.terms().totalEpsilon().toPlainString() + " is below the "
                                + committed.toPlainString() + " already reserved or spent");
            }
            Dataset d = toDataset(ctx, r, old.revision() + 1, old.registeredAt());
            old.terms().allowedPurposes().forEach(p -> ctx.state().delete(ObjectType.DATASET_BY_PURPOSE, p, d.id()));
            d.terms().allowedPurposes().forEach(p -> ctx.state().putIndex(ObjectType.DATASET_BY_PURPOSE, p, d.id()));
            ctx.state().put(ObjectType.DATASET, d, d.id());
            ctx.state()
                    .put(
                            ObjectType.BUDGET,
                            new PrivacyBudget(
                                    d.id(),
                                    d.terms().totalEpsilon(),
                                    d.terms().delta(),
                                    budget.reservedEpsilon(),
                                    budget.spentEpsilon(),
                                    ctx.nowText(),
                                    ctx.txId()),
                            d.id());
            ctx.events().emit(EventType.DATASET_UPDATED, ObjectType.DATASET, d.id(), d.ownerId());
            return d;
        });
    }

    /** A withdrawn dataset can join no new contract; contracts already active keep their terms. */
    @Transaction(intent = Transaction.TYPE.SUBMIT)
    public String withdraw(DepaContext ctx, String json) {
        return TxRunner.run(Datasets.WITHDRAW, json, r -> {
            Dataset old = ownedAvailable(ctx, Fields.id("datasetId", r.datasetId()), Fields.id("ownerId", r.ownerId()));
            Fields.text("reason", r.reason(), 500);
            Dataset d = old.withStatus(DatasetStatus.WITHDRAWN, ctx.nowText(), ctx.txId());
            old.terms().allowedPurposes().forEach(p -> ctx.state().delete(ObjectType.DATASET_BY_PURPOSE, p, d.id()));
            ctx.state().put(ObjectType.DATASET, d, d.id());
            ctx.events().emit(EventType.DATASET_WITHDRAWN, ObjectType.DATASET, d.id(), d.ownerId());
            return d;
        });
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String get(DepaContext ctx, String datasetId) {
        return TxRunner.run(Datasets.GET, datasetId, id -> ctx.state()
                .get(ObjectType.DATASET, Dataset.class, Fields.id("datasetId", id)));
    }

    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String getBudget(DepaContext ctx, String datasetId) {
        return TxRunner.run(Datasets.GET_BUDGET, datasetId, id -> ctx.state()
                .get(ObjectType.BUDGET, PrivacyBudget.class, Fields.id("datasetId", id)));
    }

    /** Lists by owner, by purpose (available datasets only) or all, a page at a time. */
    @Transaction(intent = Transaction.TYPE.EVALUATE)
    public String list(DepaContext ctx, String json) {
        return TxRunner.run(Datasets.LIST, json, r -> {
            if (r.ownerId() != null && r.purpose() != null) {
                throw Fields.invalid("purpose", "cannot be combined with ownerId; filter one way at a time");
            }
            if (r.ownerId() != null) {
                return ctx.state()
                        .page(
                                ObjectType.DATASET_BY_OWNER,
                                r.pageSize(),
                                r.bookmark(),
                                ids -> load(ctx, ids.get(1)),
                                Fields.id("ownerId", r.ownerId()));
            }
            if (r.purpose() != null) {
                return ctx.state()
                        .page(
                                ObjectType.DATASET_BY_PURPOSE,
                                r.pageSize(),
                                r.bookmark(),
                                ids -> load(ctx, ids.get(1)),
                                Fields.purpose("purpose", r.purpose()));
            }
            return ctx.state().page(ObjectType.DATASET, r.pageSize(), r.bookmark(), ids -> load(ctx, ids.get(0)));
        });
    }

    private static Dataset load(DepaContext ctx, String id) {
        return ctx.state().get(ObjectType.DATASET, Dataset.class, id);
    }

    private static Dataset ownedAvailable(DepaContext ctx, String datasetId, String ownerId) {
        Participant owner = Guard.actor(ctx, ownerId, Role.TDP);
        Dataset d = ctx.state().get(ObjectType.DATASET, Dataset.class, datasetId);
        if (!d.ownerId().equals(owner.id())) {
            throw new LedgerRuleException(
                    ErrorCode.NOT_A_PARTY,
                    "dataset '" + d.id() + "' belongs to '" + d.ownerId() + "', not '" + owner.id() + "'");
        }
        if (d.status() != DatasetStatus.AVAILABLE) {
            throw new LedgerRuleException(ErrorCode.DATASET_UNAVAILABLE, "dataset '" + d.id() + "' is " + d.status());
        }
        return d;
    }

    private static Dataset toDataset(DepaContext ctx, DatasetRequest r, int revision, String registeredAt) {
        return new Dataset(
                r.id(),
                r.ownerId(),
                r.name(),
                r.description(),
                r.schema(),
                r.sampleLocation(),
                r.encryptedLocation(),
                r.ciphertextSha256(),
                r.kmsEndpoint(),
                r.keyId(),
                r.terms(),
                DatasetStatus.AVAILABLE,
                revision,
                registeredAt,
                ctx.nowText(),
                ctx.txId());
    }
}
