package org.depa.ccr.training;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.depa.modelspec.ModelSpec;
import org.depa.modelspec.ModelSpecs;

/** A small synthetic two-provider scenario with a learnable label. */
final class Synthetic {
    private Synthetic() {}

    static List<TableJoin.KeyedTable> tables(int rows, long seed) {
        Random r = new Random(seed);
        List<List<String>> a = new ArrayList<>();
        List<List<String>> b = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            double x1 = r.nextGaussian();
            double x2 = r.nextGaussian() * 3 + 10;
            String colour = r.nextBoolean() ? "red" : "blue";
            double logit = 1.5 * x1 - 0.5 * (x2 - 10) + (colour.equals("red") ? 1 : -1);
            String label = r.nextDouble() < 1 / (1 + Math.exp(-logit)) ? "yes" : "no";
            String key = "k" + i;
            a.add(List.of(key, String.format(Locale.ROOT, "%.4f", x1), label));
            b.add(List.of(colour, String.format(Locale.ROOT, "%.4f", x2), key));
        }
        return List.of(
                new TableJoin.KeyedTable(new Table("lab", List.of("id", "x1", "outcome"), a), "id"),
                new TableJoin.KeyedTable(new Table("clinic", List.of("colour", "x2", "patient"), b), "patient"));
    }

    static final String SPEC =
            """
            {"features": [{"column": "x1", "encoding": "numeric"},
                          {"column": "x2", "encoding": "numeric"},
                          {"column": "colour", "encoding": "categorical", "values": ["red", "blue"]}],
             "label": {"column": "outcome", "positive": "yes"},
             "hiddenLayers": [8], "activation": "tanh",
             "optimizer": {"name": "adam", "learningRate": "0.05"},
             "batchSize": 50, "epochs": 6,
             "split": {"validation": "0.2", "test": "0.2"}, "seed": 7}
            """;

    static ModelSpec spec() {
        return ModelSpecs.parse(SPEC);
    }
}
