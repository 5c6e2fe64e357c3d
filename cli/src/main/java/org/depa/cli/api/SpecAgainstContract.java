package org.depa.cli.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.Dataset;
import org.depa.modelspec.ModelSpecException;
import org.depa.modelspec.ModelSpecValidator;
import org.depa.modelspec.ModelSpecs;

/**
 * The model spec checked by the clean room's own validator against one contract as the ledger holds
 * it: its datasets' registered columns (each dataset read through the gateway) and the tightest
 * privacy limits of its clauses. A spec the clean room would refuse is refused before it is
 * submitted, each problem naming its field (exit 2, nothing sent).
 */
final class SpecAgainstContract {
    private SpecAgainstContract() {}

    static void check(TypedGateway g, Path specFile, String contractId, JsonNode termsNode) {
        ContractTerms terms;
        try {
            terms = Json.mapper().treeToValue(termsNode, ContractTerms.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new GatewayCommand.Refused("contract " + contractId + "'s terms cannot be read: " + e.getMessage());
        }
        if (terms == null || terms.datasets() == null || terms.datasets().isEmpty()) {
            throw new GatewayCommand.Refused("contract " + contractId
                    + "'s terms name no dataset: the spec cannot be checked; nothing submitted");
        }
        Map<String, Dataset> datasets = new LinkedHashMap<>();
        terms.datasets()
                .forEach(clause -> datasets.put(
                        clause.datasetId(),
                        Json.read(g.get("/v1/datasets/" + QueryString.path(clause.datasetId())), Dataset.class)));
        List<ModelSpecException> problems;
        try {
            problems = ModelSpecValidator.problems(
                    ModelSpecs.parse(JobSpec.readSpec(specFile)), ModelSpecValidator.Context.of(terms, datasets));
        } catch (ModelSpecException e) {
            problems = List.of(e);
        }
        if (!problems.isEmpty()) {
            throw new GatewayOptions.UsageException("--spec " + specFile
                    + " would fail in the clean room under contract "
                    + contractId + ": "
                    + problems.stream().map(p -> p.field() + ": " + p.reason()).collect(Collectors.joining("; "))
                    + "; nothing submitted");
        }
    }
}
