package org.depa.ledger.testing;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.Requests;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.crypto.Credentials;
import org.depa.ledger.model.crypto.LocalSigner;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PayoutAccounts;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.KeyReleaseRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;

/**
 * The usual cast on a fresh world: agreement v1 published, two TDPs (icmr, cowin) each with a
 * dataset of total epsilon 10 (at most 2 per contract), a TDC and a CCR provider, all onboarded,
 * and {@link World#MEASUREMENT} certified. Helpers take contracts through their lifecycle.
 */
public final class Scenario implements AutoCloseable {
    public static final String ICMR_DATA = "icmr-data";
    public static final String COWIN_DATA = "cowin-data";

    public final World w;
    public final Party icmr;
    public final Party cowin;
    public final Party tdc;
    public final Party ccr;
    private final Map<String, Credentials> runKeys = new ConcurrentHashMap<>();
    private volatile String chipId = World.CHIP_ID;
    private volatile String reportedTcb = World.REPORTED_TCB;

    public Scenario() {
        this(World.shared());
    }

    public Scenario(World w) {
        this(w, null, null);
    }

    /** The usual cast, the TDPs' datasets naming where contracts pay them on chain (null: nowhere). */
    public Scenario(World w, PayoutAccounts icmrPayout, PayoutAccounts cowinPayout) {
        this.w = w;
        w.publishAgreement("v1");
        icmr = w.onboard("icmr", Role.TDP, "IcmrMSP");
        cowin = w.onboard("cowin", Role.TDP, "CowinMSP");
        tdc = w.onboard("tdc", Role.TDC, "ConsumerMSP");
        ccr = w.onboard("ccr", Role.CCR_PROVIDER, "CcrMSP");
        w.certify(World.MEASUREMENT);
        w.registerDataset(icmr, ICMR_DATA, "10", icmrPayout);
        w.registerDataset(cowin, COWIN_DATA, "10", cowinPayout);
    }

    /** A proposal by tdc with ccr over {@code datasets} (icmr-data when none), each at {@code epsilon}. */
    public ContractProposal proposal(String contractId, String epsilon, String... datasets) {
        return World.proposal(
                contractId, tdc.id(), ccr.id(), datasets.length == 0 ? List.of(ICMR_DATA) : List.of(datasets), epsilon);
    }

    public ContractRecord propose(ContractProposal p) {
        return w.propose(tdc, p);
    }

    public ContractRecord draft(String contractId, String epsilon, String... datasets) {
        return propose(proposal(contractId, epsilon, datasets));
    }

    /** Every party of the contract's current version signs it. */
    public ContractRecord signAll(String contractId) {
        for (String party : contract(contractId).parties()) {
            w.sign(w.party(party), contractId);
        }
        return contract(contractId);
    }

    public ContractRecord signed(String contractId, String epsilon, String... datasets) {
        draft(contractId, epsilon, datasets);
        return signAll(contractId);
    }

    public ContractRecord active(String contractId, String epsilon, String... datasets) {
        signed(contractId, epsilon, datasets);
        return w.activate(tdc, contractId);
    }

    public TrainingRun startRun(String contractId, String runId) {
        return w.startRun(ccr, runId, contractId, runKey(runId), chipId, reportedTcb);
    }

    /** Runs started from now on are started from a report of {@code chip} at {@code tcb} (hex), e.g. an emulator's. */
    public Scenario onChip(String chip, String tcb) {
        this.chipId = chip;
        this.reportedTcb = tcb;
        return this;
    }

    /** The run key of {@code runId}, made on first use. */
    public Credentials runKey(String runId) {
        return runKeys.computeIfAbsent(runId, id -> w.runKey("run-" + id));
    }

    public KeyReleaseRequest releaseRequest(Party tdp, String runId, String datasetId) {
        return releaseRequest(tdp, runId, datasetId, World.CHIP_ID, runKey(runId));
    }

    /** A release of {@code datasetId} from a report of {@code chipId}, signed by {@code signer}. */
    public KeyReleaseRequest releaseRequest(
            Party tdp, String runId, String datasetId, String chipId, Credentials signer) {
        String report = Hashes.sha256Hex("kr-report-" + runId);
        String recipient = Hashes.sha256Hex("recipient-" + runId);
        byte[] sig = LocalSigner.fromPem(signer.privateKeyPem())
                .sign(SigningPayloads.keyRelease(runId, datasetId, report, recipient));
        return new KeyReleaseRequest(
                runId,
                datasetId,
                tdp.id(),
                World.MEASUREMENT,
                report,
                recipient,
                chipId,
                World.REPORTED_TCB,
                Base64.getEncoder().encodeToString(sig));
    }

    public KeyReleaseRecord release(Party tdp, String runId, String datasetId) {
        return tdp.ledger().submit(Runs.RECORD_KEY_RELEASE, releaseRequest(tdp, runId, datasetId));
    }

    /** Each named dataset's key released to the run by its owner. */
    public void releaseAll(String contractId, String runId) {
        for (var clause : contract(contractId).terms().datasets()) {
            release(w.party(clause.tdpId()), runId, clause.datasetId());
        }
    }

    public static String ciphertext(String datasetId) {
        return Hashes.sha256Hex(datasetId + "-ciphertext");
    }

    /** A receipt body spending {@code epsilon} of every dataset the contract names. */
    public ReceiptBody body(String contractId, String runId, String epsilon) {
        List<ReceiptDataset> used = new ArrayList<>();
        for (var clause : contract(contractId).terms().datasets()) {
            used.add(new ReceiptDataset(clause.datasetId(), ciphertext(clause.datasetId()), new BigDecimal(epsilon)));
        }
        return body(contractId, runId, used);
    }

    /** A receipt body naming the run's start report (as the ledger recorded it, when the run exists). */
    public ReceiptBody body(String contractId, String runId, List<ReceiptDataset> used) {
        return body(contractId, runId, used, startReportSha256(runId));
    }

    /** A receipt body naming the start report {@code reportSha256}. */
    public static ReceiptBody body(String contractId, String runId, List<ReceiptDataset> used, String reportSha256) {
        TreeMap<String, BigDecimal> metrics = new TreeMap<>();
        metrics.put("accuracy", new BigDecimal("0.71"));
        return new ReceiptBody(runId, contractId, Hashes.sha256Hex("model-" + runId), used, metrics, reportSha256);
    }

    /** The SHA-256 of the report {@code runId} started on, or a stand-in when there is no such run. */
    public String startReportSha256(String runId) {
        try {
            return w.sroLedger().evaluate(Runs.GET, runId).reportSha256();
        } catch (org.depa.ledger.client.LedgerException notStarted) {
            return Hashes.sha256Hex("report-" + runId);
        }
    }

    /** The receipt request with the body signed by {@code signer} (the run key, normally). */
    public SubmitReceiptRequest receipt(ReceiptBody body, Credentials signer) {
        ReceiptBody normalised;
        try {
            normalised = Requests.receipt(body);
        } catch (LedgerRuleException invalid) {
            normalised = body; // the ledger will refuse it; sign what is sent
        }
        byte[] payload = SigningPayloads.receipt(w.domain(), normalised);
        byte[] sig = LocalSigner.fromPem(signer.privateKeyPem()).sign(payload);
        return new SubmitReceiptRequest(ccr.id(), body, Base64.getEncoder().encodeToString(sig));
    }

    public SubmitReceiptRequest receipt(ReceiptBody body) {
        return receipt(body, runKey(body.runId()));
    }

    public TrainingReceipt submit(SubmitReceiptRequest r) {
        return ccr.ledger().submit(Runs.SUBMIT_RECEIPT, r);
    }

    /** Active contract, run started, every key released, receipt spending {@code spent} per dataset. */
    public TrainingReceipt complete(String contractId, String runId, String spent) {
        startRun(contractId, runId);
        releaseAll(contractId, runId);
        return submit(receipt(body(contractId, runId, spent)));
    }

    public ContractRecord contract(String contractId) {
        return w.contract(contractId);
    }

    public PrivacyBudget budget(String datasetId) {
        return w.sroLedger().evaluate(Datasets.GET_BUDGET, datasetId);
    }

    public PaymentInstruction payment(String paymentId) {
        return w.sroLedger().evaluate(Payments.GET, paymentId);
    }

    public TrainingRun run(String runId) {
        return w.sroLedger().evaluate(Runs.GET, runId);
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        w.close();
    }
}
