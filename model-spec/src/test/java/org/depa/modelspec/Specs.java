package org.depa.modelspec;

import java.nio.file.Path;

/** Honest specifications the tests start from. */
final class Specs {
    private Specs() {}

    /** The COVID demo's specification, as the demo and the clean room read it. */
    static final Path COVID = Path.of("..", "ccr-agent", "examples", "covid-model-spec.json");

    /** A small valid specification over the synthetic tables below. */
    static final String SYNTHETIC =
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
}
