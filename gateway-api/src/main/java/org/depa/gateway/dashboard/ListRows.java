package org.depa.gateway.dashboard;

import io.quarkus.qute.TemplateData;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.DatasetClause;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.domain.TrainingJob;

/**
 * The rows of the contracts and jobs lists: what a person scans a list for (status, parties,
 * datasets, dates), with the ledger's timestamps shortened to the minute in UTC.
 */
final class ListRows {
    /** Items a list page asks the ledger for. */
    static final int PAGE_SIZE = 50;

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private ListRows() {}

    @TemplateData
    record ContractRow(
            String id,
            String status,
            int version,
            String tdc,
            String ccrProvider,
            List<String> tdps,
            List<String> datasets,
            String purpose,
            String created,
            String validUntil) {}

    @TemplateData
    record JobRow(
            String id,
            String status,
            String tdc,
            String ccrProvider,
            List<String> contracts,
            String submitted,
            String updated) {}

    /** A page of rows and the link to the next page, or null when this is the last. */
    @TemplateData
    record Rows<T>(List<T> items, String next) {}

    static Rows<ContractRow> contracts(Page<ContractRecord> page, String party) {
        return new Rows<>(
                page.items().stream().map(ListRows::contract).toList(), next("/dashboard/contracts", party, page));
    }

    static Rows<JobRow> jobs(Page<TrainingJob> page, String party) {
        return new Rows<>(page.items().stream().map(ListRows::job).toList(), next("/dashboard/jobs", party, page));
    }

    private static ContractRow contract(ContractRecord c) {
        List<DatasetClause> clauses = c.terms().datasets();
        return new ContractRow(
                c.contractId(),
                c.status().name(),
                c.version(),
                c.terms().tdcId(),
                c.terms().ccrProviderId(),
                clauses.stream().map(DatasetClause::tdpId).distinct().toList(),
                clauses.stream().map(DatasetClause::datasetId).toList(),
                c.terms().purpose(),
                minute(c.createdAt()),
                minute(c.terms().validUntil()));
    }

    private static JobRow job(TrainingJob j) {
        return new JobRow(
                j.jobId(),
                j.status().name(),
                j.tdcId(),
                j.ccrProviderId(),
                j.contractIds(),
                minute(j.submittedAt()),
                minute(j.updatedAt()));
    }

    /** The next page's link; the ledger's bookmark is a key with control characters, so it is URL-encoded. */
    private static String next(String path, String party, Page<?> page) {
        if (page.bookmark() == null || page.bookmark().isEmpty()) {
            return null;
        }
        String query = "bookmark=" + URLEncoder.encode(page.bookmark(), StandardCharsets.UTF_8);
        return path + "?" + (party == null ? "" : "party=" + URLEncoder.encode(party, StandardCharsets.UTF_8) + "&")
                + query;
    }

    /** The ledger's ISO-8601 instant to the minute; anything else as it is. */
    static String minute(String instant) {
        if (instant == null) {
            return "";
        }
        try {
            return MINUTE.format(Instant.parse(instant));
        } catch (java.time.format.DateTimeParseException e) {
            return instant;
        }
    }
}
