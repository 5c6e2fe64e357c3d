package org.depa.ccr.training;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.depa.modelspec.ModelSpec;
import org.depa.modelspec.ModelSpecs;

/** The COVID proof-of-concept tables: data/covid-poc in the repository, else the shared copy. */
final class CovidData {
    private CovidData() {}

    static Path directory() {
        for (Path p : List.of(Path.of("..", "data", "covid-poc"), Path.of("/work/shared/data/covid-poc"))) {
            if (Files.isRegularFile(p.resolve("poc_data_icmr_data.csv"))) {
                return p;
            }
        }
        return null;
    }

    static boolean available() {
        return directory() != null;
    }

    /** The three providers' tables with their join columns (the mobile number). */
    static List<TableJoin.KeyedTable> tables() {
        Path d = directory();
        return List.of(
                new TableJoin.KeyedTable(
                        Table.readCsv("icmr", d.resolve("poc_data_icmr_data.csv")), "icmr_patient_mobilenumber"),
                new TableJoin.KeyedTable(
                        Table.readCsv("cowin", d.resolve("poc_data_cowin_data.csv")), "cowin_registered_mobile"),
                new TableJoin.KeyedTable(
                        Table.readCsv("index", d.resolve("poc_data_statewarroom_data.csv")), "pcnumber"));
    }

    static ModelSpec spec() {
        return ModelSpecs.read(Path.of("examples", "covid-model-spec.json"));
    }
}
