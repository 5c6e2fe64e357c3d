package org.depa.demo.remote;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Audit;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.catalogue.Measurements;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.Payments;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.catalogue.Tx;

/**
 * The gateway's REST route for each catalogue transaction it serves (docs/openapi.yaml): method,
 * path template, and how the transaction's request fills the path, the query and the body. The
 * gateway answers with the ledger's canonical JSON unchanged, so the route is all a caller needs to
 * turn a transaction into an HTTP call.
 */
final class GatewayRoutes {
    /** One route: {@code target} and {@code body} read the transaction's request from its string arguments. */
    record Route(
            Tx<?, ?> tx,
            String method,
            String template,
            Function<String[], String> target,
            Function<String[], String> body) {}

    private static final Map<String, Route> ROUTES = new LinkedHashMap<>();

    static {
        post(Participants.REGISTER, "/v1/participants", r -> List.of());
        post(Participants.VERIFY, "/v1/participants/{id}/verify", r -> List.of(r.participantId()));
        post(Participants.SUSPEND, "/v1/participants/{id}/suspend", r -> List.of(r.participantId()));
        post(Participants.PUBLISH_AGREEMENT, "/v1/agreement", r -> List.of());
        post(Participants.SIGN_AGREEMENT, "/v1/participants/{id}/agreement-signature", r -> List.of(r.participantId()));
        get(Participants.GET, "/v1/participants/{id}", List::of, r -> Map.of());
        get(Participants.LIST, "/v1/participants", r -> List.of(), r -> page(r.pageSize(), r.bookmark()));
        get(Participants.GET_AGREEMENT, "/v1/agreement", r -> List.of(), r -> Map.of());

        post(Datasets.REGISTER, "/v1/datasets", r -> List.of());
        post(Datasets.WITHDRAW, "/v1/datasets/{id}/withdraw", r -> List.of(r.datasetId()));
        get(Datasets.GET, "/v1/datasets/{id}", List::of, r -> Map.of());
        get(Datasets.GET_BUDGET, "/v1/datasets/{id}/budget", List::of, r -> Map.of());
        get(Datasets.LIST, "/v1/datasets", r -> List.of(), r -> {
            Map<String, Object> q = page(r.pageSize(), r.bookmark());
            q.put("ownerId", r.ownerId());
            q.put("purpose", r.purpose());
            return q;
        });

        post(Measurements.CERTIFY, "/v1/measurements", r -> List.of());
        post(Measurements.REVOKE, "/v1/measurements/{measurement}/revoke", r -> List.of(r.measurement()));
        get(Measurements.GET, "/v1/measurements/{measurement}", List::of, r -> Map.of());
        get(Measurements.LIST, "/v1/measurements", r -> List.of(), r -> page(r.pageSize(), r.bookmark()));

        post(Contracts.PROPOSE, "/v1/contracts", r -> List.of());
        route(Contracts.AMEND, "PUT", "/v1/contracts/{id}", r -> List.of(r.contractId()), r -> Map.of(), true);
        post(Contracts.SIGN, "/v1/contracts/{id}/signatures", r -> List.of(r.contractId()));
        post(Contracts.ACTIVATE, "/v1/contracts/{id}/activate", r -> List.of(r.contractId()));
        post(Contracts.REVOKE, "/v1/contracts/{id}/revoke", r -> List.of(r.contractId()));
        get(Contracts.GET, "/v1/contracts/{id}", List::of, r -> Map.of());
        // The gateway reads as the caller: readerId is its own, not a parameter.
        get(Contracts.LIST, "/v1/contracts", r -> List.of(), r -> party(r.partyId(), r.pageSize(), r.bookmark()));
        post(Contracts.INDEX, "/v1/contracts/{id}/index", r -> List.of(r.contractId()));
        get(
                Contracts.GET_VERSION,
                "/v1/contracts/{id}/versions/{version}",
                r -> List.of(r.contractId(), Integer.toString(r.version())),
                r -> Map.of());
        get(Contracts.SIGNATURES, "/v1/contracts/{id}/signatures", List::of, r -> Map.of());
        get(Contracts.SIGNING_PAYLOAD, "/v1/contracts/{id}/signing-payload", List::of, r -> Map.of());

        post(Runs.START, "/v1/runs", r -> List.of());
        post(Runs.RECORD_KEY_RELEASE, "/v1/runs/{id}/key-releases", r -> List.of(r.runId()));
        post(Runs.RECORD_SPEC_KEY_RELEASE, "/v1/runs/{id}/spec-key-releases", r -> List.of(r.runId()));
        post(Runs.FAIL, "/v1/runs/{id}/fail", r -> List.of(r.runId()));
        post(Runs.SUBMIT_RECEIPT, "/v1/runs/{id}/receipt", r -> List.of(r.body().runId()));
        get(Runs.GET, "/v1/runs/{id}", List::of, r -> Map.of());
        get(Runs.GET_RECEIPT, "/v1/runs/{id}/receipt", List::of, r -> Map.of());
        get(Runs.KEY_RELEASES, "/v1/runs/{id}/key-releases", List::of, r -> Map.of());
        get(Runs.SPEC_KEY_RELEASES, "/v1/runs/{id}/spec-key-releases", List::of, r -> Map.of());
        get(Runs.LIST_BY_CONTRACT, "/v1/contracts/{id}/runs", List::of, r -> Map.of());

        post(Payments.SETTLE, "/v1/payments/{id}/settle", r -> List.of(r.paymentId()));
        post(Payments.DEFER, "/v1/payments/{id}/defer", r -> List.of(r.paymentId()));
        get(Payments.GET, "/v1/payments/{id}", List::of, r -> Map.of());
        get(Payments.LIST_BY_CONTRACT, "/v1/contracts/{id}/payments", List::of, r -> Map.of());

        post(Jobs.REGISTER_OUTPUT_KEY, "/v1/output-keys", r -> List.of());
        get(Jobs.GET_OUTPUT_KEY, "/v1/output-keys/{id}", List::of, r -> Map.of());
        post(Jobs.SUBMIT, "/v1/jobs", r -> List.of());
        post(Jobs.SCHEDULE, "/v1/jobs/{id}/schedule", r -> List.of(r.jobId()));
        post(Jobs.START, "/v1/jobs/{id}/start", r -> List.of(r.jobId()));
        post(Jobs.FAIL, "/v1/jobs/{id}/fail", r -> List.of(r.jobId()));
        post(Jobs.COMPLETE, "/v1/jobs/{id}/complete", r -> List.of(r.jobId()));
        post(Jobs.CANCEL, "/v1/jobs/{id}/cancel", r -> List.of(r.jobId()));
        get(Jobs.GET, "/v1/jobs/{id}", List::of, r -> Map.of());
        get(Jobs.LIST, "/v1/jobs", r -> List.of(), r -> party(r.partyId(), r.pageSize(), r.bookmark()));
        post(Jobs.INDEX, "/v1/jobs/{id}/index", r -> List.of(r.jobId()));
        get(Jobs.LIST_BY_CONTRACT, "/v1/contracts/{id}/jobs", List::of, r -> Map.of());

        get(Audit.HISTORY, "/v1/history", r -> List.of(), r -> {
            Map<String, Object> q = new LinkedHashMap<>();
            q.put("objectType", r.objectType());
            q.put("id", r.id());
            return q;
        });
    }

    private GatewayRoutes() {}

    /** The route of transaction {@code name} ({@code area:transaction}), if the gateway serves it. */
    static Optional<Route> of(String name) {
        return Optional.ofNullable(ROUTES.get(name));
    }

    static List<Route> all() {
        return List.copyOf(ROUTES.values());
    }

    private static <Q> void post(Tx<Q, ?> tx, String template, Function<Q, List<String>> pathValues) {
        route(tx, "POST", template, pathValues, r -> Map.of(), true);
    }

    private static <Q> void get(
            Tx<Q, ?> tx,
            String template,
            Function<Q, List<String>> pathValues,
            Function<Q, Map<String, Object>> query) {
        route(tx, "GET", template, pathValues, query, false);
    }

    private static <Q> void route(
            Tx<Q, ?> tx,
            String method,
            String template,
            Function<Q, List<String>> pathValues,
            Function<Q, Map<String, Object>> query,
            boolean hasBody) {
        Function<String[], String> target = args -> {
            Q request = tx.decode(args);
            return fill(template, pathValues.apply(request)) + queryString(query.apply(request));
        };
        // The body is the request's canonical JSON: the same bytes the chaincode would receive.
        Function<String[], String> body = hasBody ? args -> Json.canonicalString(tx.decode(args)) : args -> null;
        ROUTES.put(tx.name(), new Route(tx, method, template, target, body));
    }

    private static Map<String, Object> page(Integer pageSize, String bookmark) {
        Map<String, Object> q = new LinkedHashMap<>();
        q.put("pageSize", pageSize);
        q.put("bookmark", bookmark);
        return q;
    }

    /** A listing by party: whose (absent: the caller's own), page size and bookmark. */
    private static Map<String, Object> party(String partyId, Integer pageSize, String bookmark) {
        Map<String, Object> q = page(pageSize, bookmark);
        q.put("party", partyId);
        return q;
    }

    /** {@code template} with each {...} placeholder replaced, in order, by a path-encoded value. */
    static String fill(String template, List<String> values) {
        StringBuilder out = new StringBuilder();
        int from = 0;
        for (String v : values) {
            int open = template.indexOf('{', from);
            int close = template.indexOf('}', open);
            if (open < 0 || close < 0) {
                throw new IllegalArgumentException(template + " has fewer placeholders than " + values);
            }
            out.append(template, from, open).append(encode(v));
            from = close + 1;
        }
        if (template.indexOf('{', from) >= 0) {
            throw new IllegalArgumentException(template + " has more placeholders than " + values);
        }
        return out.append(template.substring(from)).toString();
    }

    private static String queryString(Map<String, Object> params) {
        StringBuilder out = new StringBuilder();
        params.forEach((k, v) -> {
            if (v != null && !v.toString().isEmpty()) {
                out.append(out.length() == 0 ? '?' : '&').append(k).append('=').append(encode(v.toString()));
            }
        });
        return out.toString();
    }

    private static String encode(String value) {
        if (value == null || value.isEmpty()) {
            // An empty segment would route to a different resource; the ledger refuses the id instead.
            throw new IllegalArgumentException("a path or query value is missing");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
