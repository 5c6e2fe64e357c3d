package org.depa.ledger.model;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.RevocationTerms;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.domain.Tcb;
import org.depa.ledger.model.tx.CertifyMeasurementRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.DatasetClauseRequest;
import org.depa.ledger.model.tx.DatasetRequest;

/**
 * Field-level validation of requests, shared by the chaincode (the authority) and clients (for an
 * early, identical message). Each method returns a normalised copy: decimals without trailing
 * zeros, hex in lower case, lists in a fixed order where order carries no meaning.
 */
public final class Requests {
    private static final Pattern COLUMN = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern METRIC = Pattern.compile("[a-z][a-z0-9_]{0,31}");
    private static final BigDecimal MAX_NOISE = new BigDecimal("1000");
    private static final BigDecimal MAX_METRIC = new BigDecimal("1000000000000");

    public static final int MAX_DATASETS_PER_CONTRACT = 32;
    public static final int MAX_MEASUREMENTS_PER_CONTRACT = 16;

    private Requests() {}

    public static DatasetRequest dataset(DatasetRequest r) {
        List<SchemaField> schema = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<SchemaField> given = Fields.nonEmpty("schema", r.schema(), 512);
        for (int i = 0; i < given.size(); i++) {
            SchemaField f = given.get(i);
            String name = Fields.text("schema[" + i + "].name", f.name(), 64);
            if (!COLUMN.matcher(name).matches()) {
                throw Fields.invalid("schema[" + i + "].name", "must be a column name of letters, digits and '_'");
            }
            if (!names.add(name)) {
                throw Fields.invalid("schema[" + i + "].name", "repeats column '" + name + "'");
            }
            schema.add(new SchemaField(
                    name,
                    Fields.text("schema[" + i + "].type", f.type(), 32),
                    Fields.optionalText("schema[" + i + "].description", f.description(), 500)));
        }
        return new DatasetRequest(
                Fields.id("id", r.id()),
                Fields.id("ownerId", r.ownerId()),
                Fields.text("name", r.name(), 200),
                Fields.text("description", r.description(), 4000),
                schema,
                Fields.text("sampleLocation", r.sampleLocation(), 1000),
                Fields.text("encryptedLocation", r.encryptedLocation(), 1000),
                Fields.sha256Hex("ciphertextSha256", r.ciphertextSha256()),
                Fields.text("kmsEndpoint", r.kmsEndpoint(), 1000),
                Fields.text("keyId", r.keyId(), 200),
                terms(Fields.required("terms", r.terms())));
    }

    static DatasetTerms terms(DatasetTerms t) {
        List<String> purposes = Fields.nonEmpty("terms.allowedPurposes", t.allowedPurposes(), 16);
        Set<String> sorted = new java.util.TreeSet<>();
        for (int i = 0; i < purposes.size(); i++) {
            if (!sorted.add(Fields.purpose("terms.allowedPurposes[" + i + "]", purposes.get(i)))) {
                throw Fields.invalid("terms.allowedPurposes[" + i + "]", "repeats '" + purposes.get(i) + "'");
            }
        }
        BigDecimal perContract = Fields.epsilon("terms.maxEpsilonPerContract", t.maxEpsilonPerContract());
        BigDecimal total = Fields.epsilon("terms.totalEpsilon", t.totalEpsilon());
        if (perContract.compareTo(total) > 0) {
            throw Fields.invalid("terms.maxEpsilonPerContract", "must not exceed terms.totalEpsilon");
        }
        return new DatasetTerms(
                List.copyOf(sorted),
                Fields.amountMinor("terms.priceMinor", t.priceMinor()),
                Fields.currency("terms.currency", t.currency()),
                perContract,
                total,
                Fields.delta("terms.delta", t.delta()),
                t.payout() == null ? null : payout("terms.payout", t.payout()));
    }

    static PayoutAccounts payout(String field, PayoutAccounts p) {
        return new PayoutAccounts(
                Fields.chainAddress(field + ".tdpAccount", p.tdpAccount()),
                Fields.chainAddress(field + ".principalsAccount", p.principalsAccount()));
    }

    public static CertifyMeasurementRequest measurement(CertifyMeasurementRequest r) {
        Tcb tcb = Fields.required("minTcb", r.minTcb());
        return new CertifyMeasurementRequest(
                Fields.hex("measurement", r.measurement(), 48),
                Fields.text("description", r.description(), 1000),
                new Tcb(
                        Fields.intInRange("minTcb.bootloader", tcb.bootloader(), 0, 255),
                        Fields.intInRange("minTcb.tee", tcb.tee(), 0, 255),
                        Fields.intInRange("minTcb.snp", tcb.snp(), 0, 255),
                        Fields.intInRange("minTcb.microcode", tcb.microcode(), 0, 255)));
    }

    /** Checks a proposal's own fields; ledger facts (datasets, budgets, parties) are the chaincode's. */
    public static ContractProposal proposal(ContractProposal p) {
        String from = Fields.instant("validFrom", p.validFrom()).toString();
        String until = Fields.instant("validUntil", p.validUntil()).toString();
        if (!java.time.Instant.parse(from).isBefore(java.time.Instant.parse(until))) {
            throw Fields.invalid("validUntil", "must be after validFrom");
        }
        List<DatasetClauseRequest> clauses = Fields.nonEmpty("datasets", p.datasets(), MAX_DATASETS_PER_CONTRACT);
        Set<String> seen = new HashSet<>();
        List<DatasetClauseRequest> normalised = new ArrayList<>();
        for (int i = 0; i < clauses.size(); i++) {
            DatasetClauseRequest c = clauses.get(i);
            String f = "datasets[" + i + "]";
            String id = Fields.id(f + ".datasetId", c.datasetId());
            if (!seen.add(id)) {
                throw Fields.invalid(f + ".datasetId", "names dataset '" + id + "' twice");
            }
            String join = Fields.text(f + ".joinColumn", c.joinColumn(), 64);
            if (!COLUMN.matcher(join).matches()) {
                throw Fields.invalid(f + ".joinColumn", "must be a column name");
            }
            normalised.add(new DatasetClauseRequest(
                    id,
                    join,
                    privacy(f + ".privacy", c.privacy()),
                    Fields.amountMinor(f + ".paymentMinor", c.paymentMinor())));
        }
        List<String> measurements =
                Fields.nonEmpty("allowedMeasurements", p.allowedMeasurements(), MAX_MEASUREMENTS_PER_CONTRACT);
        java.util.TreeSet<String> sortedMeasurements = new java.util.TreeSet<>();
        for (int i = 0; i < measurements.size(); i++) {
            sortedMeasurements.add(Fields.hex("allowedMeasurements[" + i + "]", measurements.get(i), 48));
        }
        PaymentTerms pay = Fields.required("payment", p.payment());
        RevocationTerms rev = Fields.required("revocation", p.revocation());
        List<Role> revocableBy = Fields.required("revocation.revocableBy", rev.revocableBy());
        java.util.TreeSet<Role> roles = new java.util.TreeSet<>();
        for (int i = 0; i < revocableBy.size(); i++) {
            Role role = Fields.required("revocation.revocableBy[" + i + "]", revocableBy.get(i));
            if (role == Role.AUDITOR) {
                throw Fields.invalid(
                        "revocation.revocableBy[" + i + "]", "cannot be AUDITOR: auditors are not parties");
            }
            roles.add(role);
        }
        return new ContractProposal(
                Fields.id("contractId", p.contractId()),
                Fields.id("tdcId", p.tdcId()),
                Fields.id("ccrProviderId", p.ccrProviderId()),
                Fields.purpose("purpose", p.purpose()),
                from,
                until,
                normalised,
                List.copyOf(sortedMeasurements),
                new PaymentTerms(
                        Fields.currency("payment.currency", pay.currency()),
                        Fields.intInRange("payment.dataPrincipalShareBps", pay.dataPrincipalShareBps(), 0, 10_000)),
                new RevocationTerms(List.copyOf(roles)),
                p.modelSpecCommitment() == null
                        ? null
                        : Fields.sha256Hex("modelSpecCommitment", p.modelSpecCommitment()));
    }

    static PrivacyConstraints privacy(String field, PrivacyConstraints c) {
        Fields.required(field, c);
        return new PrivacyConstraints(
                Fields.epsilon(field + ".epsilon", c.epsilon()),
                Fields.delta(field + ".delta", c.delta()),
                Fields.positiveDecimal(field + ".maxGradNorm", c.maxGradNorm(), MAX_NOISE, 6),
                Fields.positiveDecimal(field + ".noiseMultiplier", c.noiseMultiplier(), MAX_NOISE, 6),
                Fields.intInRange(field + ".epochs", c.epochs(), 1, 10_000));
    }

    public static ReceiptBody receipt(ReceiptBody b) {
        Fields.required("body", b);
        List<ReceiptDataset> given = Fields.nonEmpty("body.datasets", b.datasets(), MAX_DATASETS_PER_CONTRACT);
        TreeMap<String, ReceiptDataset> byId = new TreeMap<>();
        for (int i = 0; i < given.size(); i++) {
            ReceiptDataset d = given.get(i);
            String f = "body.datasets[" + i + "]";
            String id = Fields.id(f + ".datasetId", d.datasetId());
            ReceiptDataset n = new ReceiptDataset(
                    id,
                    Fields.sha256Hex(f + ".ciphertextSha256", d.ciphertextSha256()),
                    Fields.epsilonSpent(f + ".epsilonSpent", d.epsilonSpent()));
            if (byId.put(id, n) != null) {
                throw Fields.invalid(f + ".datasetId", "names dataset '" + id + "' twice");
            }
        }
        Map<String, BigDecimal> metrics = Fields.required("body.metrics", b.metrics());
        if (metrics.size() > 32) {
            throw Fields.invalid("body.metrics", "has more than 32 entries");
        }
        TreeMap<String, BigDecimal> sortedMetrics = new TreeMap<>();
        for (Map.Entry<String, BigDecimal> e : metrics.entrySet()) {
            String f = "body.metrics." + e.getKey();
            if (!METRIC.matcher(e.getKey()).matches()) {
                throw Fields.invalid(f, "must be named in lower case letters, digits and '_'");
            }
            BigDecimal v = Fields.required(f, e.getValue());
            if (v.abs().compareTo(MAX_METRIC) > 0 || v.stripTrailingZeros().scale() > 12) {
                throw Fields.invalid(f, "must be a decimal of magnitude at most 1e12 with at most 12 decimal places");
            }
            sortedMetrics.put(e.getKey(), Fields.normalise(v));
        }
        return new ReceiptBody(
                Fields.id("body.runId", b.runId()),
                Fields.id("body.contractId", b.contractId()),
                Fields.sha256Hex("body.modelSha256", b.modelSha256()),
                List.copyOf(byId.values()),
                sortedMetrics,
                Fields.sha256Hex("body.reportSha256", b.reportSha256()),
                b.jobId() == null ? null : Fields.id("body.jobId", b.jobId()),
                jobCommitment(b));
    }

    /** A receipt names the job's commitment exactly when it names a job. */
    private static String jobCommitment(ReceiptBody b) {
        if (b.jobId() == null) {
            if (b.modelSpecCommitment() != null) {
                throw Fields.invalid("body.modelSpecCommitment", "is given without body.jobId");
            }
            return null;
        }
        return Fields.sha256Hex("body.modelSpecCommitment", b.modelSpecCommitment());
    }
}
