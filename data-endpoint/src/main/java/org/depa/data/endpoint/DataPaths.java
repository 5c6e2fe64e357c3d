package org.depa.data.endpoint;

import java.net.URI;
import java.util.regex.Pattern;

/**
 * The data endpoint's paths and the rules both ends share: a dataset's ciphertext at {@code
 * /v1/data/{id}/ciphertext}, its sample at {@code /v1/data/{id}/sample}, and the header through
 * which an organisation's gateway names the participant it fetches a sample for.
 */
public final class DataPaths {
    /** The ledger's id alphabet; anything else never reaches the file system. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Set by an organisation's gateway: the participant (of that organisation) it acts for. */
    public static final String ON_BEHALF_OF = "Depa-On-Behalf-Of";

    /** Answers {@code {"status":"UP"}} to anyone: what {@code deployment status} probes. */
    public static final String HEALTH = "/v1/health";

    public static final String PROBLEM_JSON = "application/problem+json";

    private DataPaths() {}

    /** True when {@code id} is a dataset id the endpoint can hold. */
    public static boolean isId(String id) {
        return id != null && ID.matcher(id).matches() && !id.contains("..");
    }

    /** The registered location of {@code datasetId}'s ciphertext on the endpoint at {@code base}. */
    public static URI ciphertext(URI base, String datasetId) {
        return base.resolve("/v1/data/" + checked(datasetId) + "/ciphertext");
    }

    /** The registered location of {@code datasetId}'s sample on the endpoint at {@code base}. */
    public static URI sample(URI base, String datasetId) {
        return base.resolve("/v1/data/" + checked(datasetId) + "/sample");
    }

    private static String checked(String id) {
        if (!isId(id)) {
            throw new IllegalArgumentException("not a dataset id: '" + id + "'");
        }
        return id;
    }
}
