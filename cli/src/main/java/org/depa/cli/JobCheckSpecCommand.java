package org.depa.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.Dataset;
import org.depa.modelspec.ModelSpec;
import org.depa.modelspec.ModelSpecException;
import org.depa.modelspec.ModelSpecValidator;
import org.depa.modelspec.ModelSpecs;
import org.depa.modelspec.PrivacyLimits;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code depa job check-spec SPEC [--contract-terms FILE [--dataset FILE]...]}: the TDC's model
 * spec checked before it is committed to or submitted, by the validator the clean room runs
 * (model-spec's {@link ModelSpecValidator}). Strict parsing always; with the contract's terms, its
 * privacy limits (the tightest of its clauses); with the contract's datasets as well (their
 * records, as {@code depa api datasets get} prints them), their columns. One JSON object on stdout;
 * exit 0 when the spec passes, 2 naming each refused field (and on a usage or file error).
 *
 * <p>Registered under {@code depa job} by {@link #register}, one line in {@link Main#commandLine},
 * so it joins whichever {@code job} command the CLI has.
 */
@Command(
        name = "check-spec",
        description = "Check a model spec with the clean room's validator: strict fields, supported layers,"
                + " the contract's datasets' columns, the parameter cap, the contract's privacy limits.")
public final class JobCheckSpecCommand implements Callable<Integer> {
    static final int PASSED = 0;
    static final int REFUSED = 2;
    /** Largest contract or dataset record read. */
    static final long RECORD_MAX = Json.MAX_DOCUMENT_CHARS;

    @CommandLine.Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SPEC", description = "The model spec (JSON).")
    Path specFile;

    @Option(
            names = "--contract-terms",
            paramLabel = "FILE",
            description = "The contract (as 'depa api contracts get' prints it) or its terms alone:"
                    + " its privacy limits, and its datasets' ids and join columns.")
    Path contractTerms;

    @Option(
            names = "--dataset",
            paramLabel = "FILE",
            description = "A dataset of the contract, as 'depa api datasets get' prints it (its schema);"
                    + " repeatable, one per clause of the contract. Needs --contract-terms.")
    List<Path> datasets = new ArrayList<>();

    /**
     * Adds this command under {@code depa job}, creating that command if the CLI has none. Called
     * before the converters are registered, so they reach it.
     */
    @Override
    public Integer call() {
        if (!datasets.isEmpty() && contractTerms == null) {
            throw new UsageError("--dataset needs --contract-terms (its join column is in the contract's clause)");
        }
        String text = new String(Inputs.read(specFile, ModelSpecs.MAX_CHARS, "model spec"), StandardCharsets.UTF_8);
        ModelSpecValidator.Context context = context();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("spec", specFile.getFileName().toString());
        List<String> checked = new ArrayList<>(List.of("fields", "layers", "parameters"));
        List<String> skipped = new ArrayList<>();
        (context.limits() != null ? checked : skipped).add("privacyLimits");
        (context.datasets() != null ? checked : skipped).add("columns");
        List<ModelSpecException> problems;
        ModelSpec parsed = null;
        try {
            parsed = ModelSpecs.parse(text);
            problems = ModelSpecValidator.problems(parsed, context);
        } catch (ModelSpecException e) {
            problems = List.of(e);
        }
        o.put("valid", problems.isEmpty());
        if (parsed != null) {
            o.put("maxParameters", ModelSpecValidator.maxParameters(parsed));
        }
        o.put("checked", checked);
        o.put("notChecked", skipped);
        List<Map<String, String>> listed = new ArrayList<>();
        for (ModelSpecException p : problems) {
            listed.add(Map.of("field", p.field(), "code", p.code().name(), "reason", p.reason()));
            spec.commandLine().getErr().println(spec.qualifiedName() + ": " + p.getMessage());
        }
        o.put("problems", listed);
        DatasetCommand.printJson(spec, o);
        spec.commandLine().getErr().flush();
        return problems.isEmpty() ? PASSED : REFUSED;
    }

    private ModelSpecValidator.Context context() {
        if (contractTerms == null) {
            return new ModelSpecValidator.Context(null, null);
        }
        ContractTerms terms = terms(contractTerms);
        if (terms.datasets() == null || terms.datasets().isEmpty()) {
            throw new UsageError("contract terms " + contractTerms + " name no dataset");
        }
        if (datasets.isEmpty()) {
            return new ModelSpecValidator.Context(null, PrivacyLimits.tightest(terms.datasets()));
        }
        Map<String, Dataset> byId = new LinkedHashMap<>();
        for (Path p : datasets) {
            Dataset d = read(p, Dataset.class, "dataset");
            if (d.id() == null || byId.put(d.id(), d) != null) {
                throw new UsageError("dataset " + p + ": no id, or the same dataset twice");
            }
        }
        try {
            return ModelSpecValidator.Context.of(terms, byId);
        } catch (IllegalArgumentException e) {
            throw new UsageError(e.getMessage() + " (give each of the contract's datasets with --dataset)");
        }
    }

    private static ContractTerms terms(Path file) {
        String text = new String(Inputs.read(file, RECORD_MAX, "contract terms"), StandardCharsets.UTF_8);
        try {
            JsonNode node = Json.tree(text);
            JsonNode terms = node.path("terms").isObject() ? node.get("terms") : node;
            ContractTerms t = Json.mapper().treeToValue(terms, ContractTerms.class);
            if (t == null || t.datasets() == null) {
                throw new IllegalArgumentException("no datasets");
            }
            return t;
        } catch (RuntimeException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UsageError("contract terms " + file + " are not a contract or its terms: " + firstLine(e));
        }
    }

    private static <T> T read(Path file, Class<T> type, String what) {
        byte[] bytes = Inputs.read(file, RECORD_MAX, what);
        try {
            return Json.read(bytes, type);
        } catch (RuntimeException e) {
            throw new UsageError(what + " " + file + " is not a " + what + " record: " + firstLine(e));
        }
    }

    private static String firstLine(Exception e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }
}
