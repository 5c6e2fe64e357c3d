package org.depa.demo.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.catalogue.Audit;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.catalogue.Tx;
import org.depa.ledger.model.catalogue.TxCatalogue;
import org.depa.ledger.model.domain.ReceiptBody;
import org.depa.ledger.model.tx.ContractVersionRef;
import org.depa.ledger.model.tx.HistoryRequest;
import org.depa.ledger.model.tx.ListDatasetsRequest;
import org.depa.ledger.model.tx.ParticipantStatusRequest;
import org.depa.ledger.model.tx.SubmitReceiptRequest;
import org.junit.jupiter.api.Test;

/** The route table against the catalogue and against the gateway's published OpenAPI document. */
class GatewayRoutesTest {
    @Test
    void everyTransactionHasARouteButThoseTheGatewayDoesNotServe() {
        Set<String> unrouted = TxCatalogue.all().stream()
                .map(Tx::name)
                .filter(name -> GatewayRoutes.of(name).isEmpty())
                .collect(Collectors.toSet());
        // participants:bindClient and participants:governance (issue 15) have no gateway route yet;
        // payments:listPending is the payment relay's, read through its own ledger client (issue 12).
        assertThat(unrouted)
                .containsExactlyInAnyOrder(
                        "datasets:update",
                        "contracts:expire",
                        "probe:write",
                        "participants:bindClient",
                        "participants:governance",
                        "payments:listPending");
    }

    @Test
    void everyRouteIsAnOperationOfTheOpenApiDocument() throws IOException {
        Set<String> operations = openApiOperations(Path.of("..", "docs", "openapi.yaml"));
        for (GatewayRoutes.Route r : GatewayRoutes.all()) {
            assertThat(operations)
                    .as("%s %s (%s)", r.method(), r.template(), r.tx())
                    .contains(r.method() + " " + r.template());
        }
    }

    @Test
    void aWriteCarriesItsRequestAsTheBodyAndNamesItsObjectInThePath() {
        GatewayRoutes.Route verify =
                GatewayRoutes.of(Participants.VERIFY.name()).orElseThrow();
        String[] args = Participants.VERIFY.encode(new ParticipantStatusRequest("icmr lab", "checked"));
        assertThat(verify.method()).isEqualTo("POST");
        assertThat(verify.target().apply(args)).isEqualTo("/v1/participants/icmr%20lab/verify");
        assertThat(Json.tree(verify.body().apply(args)).get("reason").asText()).isEqualTo("checked");
    }

    @Test
    void aQueryPutsItsRequestInThePathAndTheQueryStringAndSendsNoBody() {
        GatewayRoutes.Route version =
                GatewayRoutes.of(Contracts.GET_VERSION.name()).orElseThrow();
        String[] ref = Contracts.GET_VERSION.encode(new ContractVersionRef("covid/2026", 2));
        assertThat(version.target().apply(ref)).isEqualTo("/v1/contracts/covid%2F2026/versions/2");
        assertThat(version.body().apply(ref)).isNull();

        GatewayRoutes.Route history = GatewayRoutes.of(Audit.HISTORY.name()).orElseThrow();
        assertThat(history.target().apply(Audit.HISTORY.encode(new HistoryRequest("contract", "c&1"))))
                .isEqualTo("/v1/history?objectType=contract&id=c%261");

        GatewayRoutes.Route search = GatewayRoutes.of(Datasets.LIST.name()).orElseThrow();
        assertThat(search.target().apply(Datasets.LIST.encode(new ListDatasetsRequest(null, "TRAINING", 2, ""))))
                .isEqualTo("/v1/datasets?pageSize=2&purpose=TRAINING");
    }

    @Test
    void aReceiptGoesToThePathOfTheRunItsBodyNames() {
        GatewayRoutes.Route receipt =
                GatewayRoutes.of(Runs.SUBMIT_RECEIPT.name()).orElseThrow();
        ReceiptBody body = new ReceiptBody("run-7", "c1", "m".repeat(64), List.of(), new TreeMap<>(), "r".repeat(64));
        String[] args = Runs.SUBMIT_RECEIPT.encode(new SubmitReceiptRequest("ccr", body, "sig"));
        assertThat(receipt.target().apply(args)).isEqualTo("/v1/runs/run-7/receipt");
        assertThat(Json.tree(receipt.body().apply(args)).get("ccrProviderId").asText())
                .isEqualTo("ccr");
    }

    @Test
    void aPlaceholderWithoutAValueIsRefusedBeforeAnyCall() {
        assertThatThrownBy(() -> GatewayRoutes.fill("/v1/runs/{id}", List.of("")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GatewayRoutes.fill("/v1/runs/{id}/x/{y}", List.of("a")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GatewayRoutes.fill("/v1/runs", List.of("a")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** "METHOD /path" of every operation: path keys at two spaces, method keys at four. */
    private static Set<String> openApiOperations(Path yaml) throws IOException {
        Set<String> out = new HashSet<>();
        String path = null;
        for (String line : Files.readAllLines(yaml)) {
            if (line.startsWith("  /") && line.endsWith(":")) {
                path = line.strip().replaceAll(":$", "");
            } else if (path != null && line.matches("    (get|post|put|delete|patch):")) {
                out.add(line.strip().replace(":", "").toUpperCase(Locale.ROOT) + " " + path);
            } else if (!line.startsWith(" ") && !line.isEmpty()) {
                path = null;
            }
        }
        assertThat(out).as("operations read from %s", yaml).hasSizeGreaterThan(30);
        return out;
    }
}
