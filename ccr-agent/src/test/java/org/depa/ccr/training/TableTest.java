package org.depa.ccr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.depa.modelspec.ModelSpec;
import org.depa.modelspec.ModelSpecs;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TableTest {
    static Table t(String name, String csv) {
        return Table.parseCsv(name, csv);
    }

    @Nested
    class Csv {
        @Test
        void readsQuotesEscapesCrlfAndEmptyCells() {
            Table table = t("a", "id,name,x\r\n1,\"Smith, J\",\r\n2,\"say \"\"hi\"\"\",3\n");
            assertThat(table.size()).isEqualTo(2);
            assertThat(table.cell(0, "name")).isEqualTo("Smith, J");
            assertThat(table.cell(0, "x")).isEmpty();
            assertThat(table.cell(1, "name")).isEqualTo("say \"hi\"");
        }

        @Test
        void refusesRaggedRowsDuplicateColumnsAndBadQuotes() {
            assertThatThrownBy(() -> t("a", "id,x\n1,2,3\n")).hasMessageContaining("row 1 has 3 cells");
            assertThatThrownBy(() -> t("a", "id,id\n1,2\n")).hasMessageContaining("column id appears twice");
            assertThatThrownBy(() -> t("a", "id,x\n1,\"open\n")).hasMessageContaining("unterminated");
            assertThatThrownBy(() -> t("a", "id,x\n1,ab\"c\"\n")).hasMessageContaining("stray quote");
            assertThatThrownBy(() -> t("a", "")).hasMessageContaining("no header");
        }
    }

    @Nested
    class Join {
        @Test
        void innerJoinsOnEachTablesKeyInKeyOrderAndQualifiesClashingNames() {
            Table a = t("a", "id,x,when\n3,30,a3\n1,10,a1\n2,20,a2\n");
            Table b = t("b", "when,key,y\nb1,1,100\nb3,3,300\nb9,9,900\n");
            Table j = TableJoin.inner(
                    "j", List.of(new TableJoin.KeyedTable(a, "id"), new TableJoin.KeyedTable(b, "key")));
            assertThat(j.columns()).containsExactly("join_key", "x", "a.when", "b.when", "y");
            assertThat(j.size()).isEqualTo(2);
            assertThat(j.row(0)).containsExactly("1", "10", "a1", "b1", "100");
            assertThat(j.row(1)).containsExactly("3", "30", "a3", "b3", "300");
        }

        @Test
        void resultDoesNotDependOnRowOrder() {
            Table a1 = t("a", "id,x\n1,10\n2,20\n");
            Table a2 = t("a", "id,x\n2,20\n1,10\n");
            Table b = t("b", "k,y\n2,u\n1,v\n");
            Table j1 =
                    TableJoin.inner("j", List.of(new TableJoin.KeyedTable(a1, "id"), new TableJoin.KeyedTable(b, "k")));
            Table j2 =
                    TableJoin.inner("j", List.of(new TableJoin.KeyedTable(a2, "id"), new TableJoin.KeyedTable(b, "k")));
            assertThat(j1.row(0)).isEqualTo(j2.row(0));
            assertThat(j1.row(1)).isEqualTo(j2.row(1));
        }

        @Test
        void refusesDuplicateKeysWithoutNamingThem() {
            Table a = t("a", "id,x\n555123,1\n555123,2\n7,3\n");
            Table b = t("b", "k,y\n555123,1\n");
            assertThatThrownBy(() -> TableJoin.inner(
                            "j", List.of(new TableJoin.KeyedTable(a, "id"), new TableJoin.KeyedTable(b, "k"))))
                    .isInstanceOf(TableException.class)
                    .hasMessageContaining("1 rows repeat a key in id")
                    .hasMessageNotContaining("555123");
        }

        @Test
        void refusesEmptyKeysMissingKeyColumnsDuplicateTableNamesAndNothing() {
            Table a = t("a", "id,x\n,1\n");
            Table b = t("b", "k,y\n1,1\n");
            assertThatThrownBy(() -> TableJoin.inner(
                            "j", List.of(new TableJoin.KeyedTable(a, "id"), new TableJoin.KeyedTable(b, "k"))))
                    .hasMessageContaining("empty key");
            assertThatThrownBy(() -> TableJoin.inner(
                            "j", List.of(new TableJoin.KeyedTable(b, "nope"), new TableJoin.KeyedTable(a, "id"))))
                    .hasMessageContaining("table b has no column nope");
            assertThatThrownBy(() -> TableJoin.inner(
                            "j", List.of(new TableJoin.KeyedTable(b, "k"), new TableJoin.KeyedTable(b, "k"))))
                    .hasMessageContaining("two tables are named b");
            assertThatThrownBy(() -> TableJoin.inner("j", List.of())).hasMessageContaining("no tables");
        }

        @Test
        void joinsTheThreeCovidProviders() {
            org.junit.jupiter.api.Assumptions.assumeTrue(CovidData.available());
            Table j = TableJoin.inner("covid", CovidData.tables());
            assertThat(j.size()).isEqualTo(2119);
            assertThat(j.columns()).contains("a_icmr_test_result", "age", "pasymp", "icmr.pupdate", "cowin.pupdate");
        }
    }

    @Nested
    class Encoding {
        static final String SPEC =
                """
                {"features": [{"column": "n", "encoding": "numeric"},
                              {"column": "c", "encoding": "categorical"},
                              {"column": "d", "encoding": "date"}],
                 "label": {"column": "y", "positive": "1"},
                 "hiddenLayers": [], "activation": "relu",
                 "optimizer": {"name": "sgd", "learningRate": 0.1},
                 "batchSize": 2, "epochs": 1, "split": {"validation": 0.25, "test": 0.25}, "seed": 1}
                """;

        @Test
        void standardisesWithTrainingStatisticsOneHotsAndImputesMissing() {
            Table table = t("t", "n,c,d,y\n1,a,01-01-2020,1\n3,b,03-01-2020,0\nNA,a,,1\n100,z,02-01-2020,0\n");
            ModelSpec spec = ModelSpecs.parse(SPEC);
            int[] train = {0, 1, 2};
            FeatureEncoder enc = FeatureEncoder.fit(table, spec, train);
            // n: mean 2, sd 1 over the non-missing training values 1 and 3; row 3 (100) is not training.
            assertThat(enc.columns().get(0).center()).isEqualTo(2.0);
            assertThat(enc.columns().get(0).scale()).isEqualTo(1.0);
            assertThat(enc.columns().get(1).categories()).containsExactly("a", "b");
            assertThat(enc.columns().get(1).fittedOnPrivateData()).isTrue();
            assertThat(enc.inputNames()).containsExactly("n", "c=a", "c=b", "d");
            Matrix m = enc.encode(table, new int[] {0, 2, 3});
            assertThat(m.cols()).isEqualTo(4);
            assertThat(java.util.Arrays.copyOfRange(m.x(), 0, 4)).containsExactly(-1f, 1f, 0f, -1f);
            // missing numeric and date: 0 (the mean)
            assertThat(java.util.Arrays.copyOfRange(m.x(), 4, 8)).containsExactly(0f, 1f, 0f, 0f);
            // unseen category z: all zeros; 100 standardised with the training statistics
            assertThat(java.util.Arrays.copyOfRange(m.x(), 8, 12)).containsExactly(98f, 0f, 0f, 0f);
            assertThat(m.y()).containsExactly(1f, 1f, 0f);
        }

        @Test
        void declaredCenterAndScaleAreUsedAndMarkedPublic() {
            Table table = t("t", "n,c,d,y\n1,a,01-01-2020,1\n3,b,03-01-2020,0\n");
            ModelSpec spec = ModelSpecs.parse(SPEC.replace(
                    "{\"column\": \"n\", \"encoding\": \"numeric\"}",
                    "{\"column\": \"n\", \"encoding\": \"numeric\", \"center\": 10, \"scale\": \"4\"}"));
            FeatureEncoder enc = FeatureEncoder.fit(table, spec, new int[] {0, 1});
            assertThat(enc.columns().get(0).center()).isEqualTo(10.0);
            assertThat(enc.columns().get(0).scale()).isEqualTo(4.0);
            assertThat(enc.columns().get(0).fittedOnPrivateData()).isFalse();
            assertThat(enc.columns().get(2).fittedOnPrivateData()).isTrue();
            assertThat(enc.encode(table, new int[] {1}).x()[0]).isEqualTo(-1.75f);
        }

        @Test
        void refusesUnparsableNumbersWithoutQuotingThem() {
            Table table = t("t", "n,c,d,y\n1,a,01-01-2020,1\nsecret42,b,03-01-2020,0\n");
            ModelSpec spec = ModelSpecs.parse(SPEC);
            assertThatThrownBy(() -> FeatureEncoder.fit(table, spec, new int[] {0, 1}))
                    .isInstanceOf(TableException.class)
                    .hasMessageContaining("row 2 column n is not a number")
                    .hasMessageNotContaining("secret42");
        }

        @Test
        void splitIsDeterministicDisjointCompleteAndNearTheFractions() {
            Table table = keys(1000, 0);
            int[][] s1 = Preprocessing.split(table, 0.2, 0.1, 42);
            int[][] s2 = Preprocessing.split(table, 0.2, 0.1, 42);
            int[][] s3 = Preprocessing.split(table, 0.2, 0.1, 43);
            assertThat(s1[0]).isEqualTo(s2[0]);
            assertThat(s1[0]).isNotEqualTo(s3[0]);
            assertThat(s1[0].length).isBetween(640, 760);
            assertThat(s1[1].length).isBetween(160, 240);
            assertThat(s1[2].length).isBetween(70, 130);
            java.util.Set<Integer> all = new java.util.HashSet<>();
            for (int[] part : s1) {
                for (int i : part) {
                    assertThat(all.add(i)).isTrue();
                }
            }
            assertThat(all).hasSize(1000);
        }

        @Test
        void addingOnePersonMovesNobodyElseBetweenParts() {
            Table without = keys(500, 0);
            Table with = keys(501, 0); // one more key, k500
            int[][] a = Preprocessing.split(without, 0.2, 0.2, 9);
            int[][] b = Preprocessing.split(with, 0.2, 0.2, 9);
            for (int part = 0; part < 3; part++) {
                java.util.Set<String> ka = new java.util.HashSet<>();
                java.util.Set<String> kb = new java.util.HashSet<>();
                for (int r : a[part]) {
                    ka.add(without.cell(r, TableJoin.KEY_COLUMN));
                }
                for (int r : b[part]) {
                    kb.add(with.cell(r, TableJoin.KEY_COLUMN));
                }
                kb.remove("k500");
                assertThat(kb).isEqualTo(ka);
            }
        }

        static Table keys(int n, int offset) {
            java.util.List<java.util.List<String>> rows = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                rows.add(List.of("k" + (i + offset), Integer.toString(i)));
            }
            return new Table("t", List.of(TableJoin.KEY_COLUMN, "v"), rows);
        }
    }
}
