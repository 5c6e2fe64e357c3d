package org.depa.ledger.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.depa.ledger.model.tx.CompleteJobRequest;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;

/**
 * Field checks of the training-job requests, shared by the chaincode and clients. Each returns a
 * normalised copy (hex in lower case, contract and run lists sorted).
 */
public final class JobRequests {
    /** Most contracts one job may name. */
    public static final int MAX_CONTRACTS_PER_JOB = 16;

    public static final int MAX_URI_CHARS = 1000;
    public static final int MAX_REASON_CHARS = 500;

    private JobRequests() {}

    public static RegisterOutputKeyRequest outputKey(RegisterOutputKeyRequest r) {
        return new RegisterOutputKeyRequest(
                Fields.id("keyId", r.keyId()),
                Fields.id("tdcId", r.tdcId()),
                Fields.text("publicKeyPem", r.publicKeyPem(), 16 * 1024));
    }

    public static SubmitJobRequest submit(SubmitJobRequest r) {
        return new SubmitJobRequest(
                Fields.id("jobId", r.jobId()),
                Fields.id("tdcId", r.tdcId()),
                sortedIds("contractIds", r.contractIds()),
                Fields.sha256Hex("modelSpecCommitment", r.modelSpecCommitment()),
                sealedSpecUri(r.sealedSpecUri()),
                Fields.id("outputKeyId", r.outputKeyId()));
    }

    /** {@code reasonRequired} for fail; otherwise the reason is optional. */
    public static JobActionRequest action(JobActionRequest r, boolean reasonRequired) {
        return new JobActionRequest(
                Fields.id("jobId", r.jobId()),
                Fields.id("participantId", r.participantId()),
                reasonRequired
                        ? Fields.text("reason", r.reason(), MAX_REASON_CHARS)
                        : Fields.optionalText("reason", r.reason(), MAX_REASON_CHARS));
    }

    public static CompleteJobRequest complete(CompleteJobRequest r) {
        return new CompleteJobRequest(
                Fields.id("jobId", r.jobId()),
                Fields.id("ccrProviderId", r.ccrProviderId()),
                sortedIds("runIds", r.runIds()));
    }

    /**
     * An absolute {@code https:} URI with a host, or a {@code file:} URI; no user information (a
     * URI on the ledger must never carry a credential).
     */
    public static String sealedSpecUri(String value) {
        String text = Fields.text("sealedSpecUri", value, MAX_URI_CHARS);
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw Fields.invalid("sealedSpecUri", "is not a URI: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("file")) {
            throw Fields.invalid("sealedSpecUri", "must be an https: or file: URI");
        }
        if (scheme.equals("https") && (uri.getHost() == null || uri.getHost().isEmpty())) {
            throw Fields.invalid("sealedSpecUri", "must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw Fields.invalid("sealedSpecUri", "must not carry user information (a credential)");
        }
        return text;
    }

    private static List<String> sortedIds(String field, List<String> ids) {
        List<String> given = Fields.nonEmpty(field, ids, MAX_CONTRACTS_PER_JOB);
        TreeSet<String> sorted = new TreeSet<>();
        for (int i = 0; i < given.size(); i++) {
            String id = Fields.id(field + "[" + i + "]", given.get(i));
            if (!sorted.add(id)) {
                throw Fields.invalid(field + "[" + i + "]", "names '" + id + "' twice");
            }
        }
        return List.copyOf(sorted);
    }
}
