package org.depa.gateway.dashboard;

import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateExtension;
import java.math.BigDecimal;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractSignature;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.Governance;
import org.depa.ledger.model.domain.KeyReleaseRecord;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.PaymentInstruction;
import org.depa.ledger.model.domain.PaymentTerms;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.domain.ReceiptDataset;
import org.depa.ledger.model.domain.RunEvidence;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.domain.TrainingReceipt;
import org.depa.ledger.model.domain.TrainingRun;

/**
 * The ledger's records the templates read directly (Qute resolves their accessors from code
 * generated at build time, not by reflection), and the formatting the templates use.
 */
@TemplateData(target = Participant.class)
@TemplateData(target = Agreement.class)
@TemplateData(target = Governance.class)
@TemplateData(target = Dataset.class)
@TemplateData(target = DatasetTerms.class)
@TemplateData(target = SchemaField.class)
@TemplateData(target = PrivacyBudget.class)
@TemplateData(target = ContractRecord.class)
@TemplateData(target = ContractTerms.class)
@TemplateData(target = ContractSignature.class)
@TemplateData(target = DatasetClause.class)
@TemplateData(target = PrivacyConstraints.class)
@TemplateData(target = PaymentTerms.class)
@TemplateData(target = TrainingRun.class)
@TemplateData(target = RunEvidence.class)
@TemplateData(target = KeyReleaseRecord.class)
@TemplateData(target = TrainingReceipt.class)
@TemplateData(target = ReceiptBody.class)
@TemplateData(target = ReceiptDataset.class)
@TemplateData(target = TrainingJob.class)
@TemplateData(target = PaymentInstruction.class)
final class TemplateTypes {
    private TemplateTypes() {}

    /**
     * A value for a URL's query, such as the ledger's bookmark (a composite key with NUL
     * characters, which an HTML-escaped but unencoded link would break).
     */
    @TemplateExtension
    static String urlEncoded(String value) {
        return value == null ? "" : java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A decimal as people write it: never in exponent form, no trailing zeros. */
    @TemplateExtension
    static String plain(BigDecimal value) {
        return value == null ? "-" : value.stripTrailingZeros().toPlainString();
    }

    /** An amount in minor units as major units with two decimals (every currency the demo uses has cents). */
    @TemplateExtension(namespace = "fmt")
    static String money(Long minor, String currency) {
        if (minor == null) {
            return "-";
        }
        return BigDecimal.valueOf(minor, 2).toPlainString() + " " + (currency == null ? "" : currency);
    }

    /** A long hash shortened for a table cell; the full value stays in the title attribute. */
    @TemplateExtension(namespace = "fmt")
    static String shortHash(String hash) {
        return hash == null ? "-" : hash.length() <= 16 ? hash : hash.substring(0, 12) + "…";
    }
}
