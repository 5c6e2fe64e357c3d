package org.depa.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PreparationTest {
    static final Path COVID =
            Path.of("..", "data", "covid-poc").toAbsolutePath().normalize();

    static List<List<String>> readAll(Path p) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(p, StandardCharsets.UTF_8)) {
            List<String> row;
            while ((row = Csv.readRecord(r)) != null) {
                rows.add(row);
            }
        }
        return rows;
    }

    @Nested
    class CsvFormat {
        @Test
        void quotedFieldsHoldCommasQuotesAndNewlines() throws IOException {
            StringReader in = new StringReader("a,\"b,c\",\"say \"\"hi\"\"\",\"x\ny\"\r\nlast,,\n");
            BufferedReader r = new BufferedReader(in);
            assertThat(Csv.readRecord(r)).containsExactly("a", "b,c", "say \"hi\"", "x\ny");
            assertThat(Csv.readRecord(r)).containsExactly("last", "", "");
            assertThat(Csv.readRecord(r)).isNull();
        }

        @Test
        void writeThenReadIsIdentity() throws IOException {
            List<String> fields = List.of("plain", "with,comma", "with \"quote\"", "multi\nline", "");
            StringWriter w = new StringWriter();
            Csv.writeRecord(w, fields);
            assertThat(Csv.readRecord(new BufferedReader(new StringReader(w.toString()))))
                    .isEqualTo(fields);
        }

        @Test
        void malformedQuotingRefused() {
            assertThatThrownBy(() -> Csv.readRecord(new BufferedReader(new StringReader("a,\"open\n"))))
                    .hasMessageContaining("unterminated");
            assertThatThrownBy(() -> Csv.readRecord(new BufferedReader(new StringReader("a,b\"c\n"))))
                    .hasMessageContaining("quote inside");
        }
    }

    @Nested
    class Pseudonyms {
        private final PseudonymKey key = PseudonymKey.generate();

        @Test
        void sameKeySameValueSamePseudonymTrimmed() {
            Pseudonymiser a = new Pseudonymiser(key);
            Pseudonymiser b = new Pseudonymiser(PseudonymKey.fromBase64(key.toBase64()));
            assertThat(a.pseudonym("629434961"))
                    .isEqualTo(b.pseudonym(" 629434961 "))
                    .hasSize(64);
        }

        @Test
        void anotherKeyGivesUnrelatedPseudonyms() {
            assertThat(new Pseudonymiser(key).pseudonym("629434961"))
                    .isNotEqualTo(new Pseudonymiser(PseudonymKey.generate()).pseudonym("629434961"));
        }

        @Test
        void notTheUnkeyedHashAndMissingStaysMissing() throws Exception {
            String unkeyed = java.util.HexFormat.of()
                    .formatHex(java.security.MessageDigest.getInstance("SHA-256")
                            .digest("629434961".getBytes(StandardCharsets.UTF_8)));
            Pseudonymiser p = new Pseudonymiser(key);
            assertThat(p.pseudonym("629434961")).isNotEqualTo(unkeyed);
            assertThat(p.pseudonym("  ")).isEmpty();
        }

        @Test
        void badKeyFilesRefused() {
            assertThatThrownBy(() -> PseudonymKey.fromBase64("AAAA")).hasMessageContaining("32 bytes");
            assertThat(key.toString()).doesNotContain(key.toBase64());
        }
    }

    @Nested
    class CovidTables {
        @TempDir
        Path dir;

        private final Pseudonymiser shared = new Pseudonymiser(PseudonymKey.generate());

        @Test
        void piiDroppedJoinColumnPseudonymisedAndTablesStillJoin() throws IOException {
            DatasetPreparer cowin = new DatasetPreparer(
                    new ColumnPolicy(
                            Set.of("beneficiary_name", "id_verified", "uhid", "beneficiary_reference_id"),
                            Set.of("cowin_registered_mobile")),
                    shared);
            DatasetPreparer icmr = new DatasetPreparer(
                    new ColumnPolicy(Set.of("icmrnumber", "srfnumber"), Set.of("icmr_patient_mobilenumber")), shared);
            DatasetPreparer.Report rc =
                    cowin.prepare(COVID.resolve("poc_data_cowin_data.csv"), dir.resolve("cowin.csv"));
            DatasetPreparer.Report ri = icmr.prepare(COVID.resolve("poc_data_icmr_data.csv"), dir.resolve("icmr.csv"));
            assertThat(rc.rows()).isEqualTo(2119);
            assertThat(rc.dropped())
                    .containsExactly("beneficiary_name", "id_verified", "uhid", "beneficiary_reference_id");
            assertThat(ri.pseudonymised()).containsExactly("icmr_patient_mobilenumber");

            List<List<String>> c = readAll(dir.resolve("cowin.csv"));
            List<List<String>> i = readAll(dir.resolve("icmr.csv"));
            assertThat(c.get(0)).doesNotContain("beneficiary_name", "uhid").contains("age", "vaccine_name");
            String original = Files.readString(COVID.resolve("poc_data_cowin_data.csv"));
            String prepared = Files.readString(dir.resolve("cowin.csv"));
            assertThat(prepared).doesNotContain("629434961").doesNotContain("ABC 759 DEF 403");
            assertThat(original).contains("629434961");

            Set<String> cowinKeys = new HashSet<>();
            c.subList(1, c.size()).forEach(r -> cowinKeys.add(r.get(0)));
            int icmrKey = i.get(0).indexOf("icmr_patient_mobilenumber");
            long joined = i.subList(1, i.size()).stream()
                    .filter(r -> cowinKeys.contains(r.get(icmrKey)))
                    .count();
            assertThat(joined).isEqualTo(2119);
        }

        @Test
        void aPolicyNamingAMissingColumnIsRefusedAndWritesNothing() {
            DatasetPreparer p = new DatasetPreparer(
                    new ColumnPolicy(Set.of("beneficiary_nmae"), Set.of("cowin_registered_mobile")), shared);
            assertThatThrownBy(() -> p.prepare(COVID.resolve("poc_data_cowin_data.csv"), dir.resolve("out.csv")))
                    .hasMessageContaining("beneficiary_nmae");
            assertThat(dir.resolve("out.csv")).doesNotExist();
            assertThat(dir.resolve("out.csv.partial")).doesNotExist();
        }

        @Test
        void raggedRowsAndDuplicateHeadersRefused() {
            DatasetPreparer p = new DatasetPreparer(new ColumnPolicy(Set.of(), Set.of()), null);
            assertThatThrownBy(() -> p.prepare(new StringReader("a,b\n1,2\n3\n"), new StringWriter()))
                    .hasMessageContaining("row 2 has 1 fields");
            assertThatThrownBy(() -> p.prepare(new StringReader("a,a\n1,2\n"), new StringWriter()))
                    .hasMessageContaining("duplicate column 'a'");
        }

        @Test
        void contradictoryPolicyRefused() {
            assertThatThrownBy(() -> new ColumnPolicy(Set.of("x"), Set.of("x"))).hasMessageContaining("[x]");
            assertThatThrownBy(() -> new DatasetPreparer(new ColumnPolicy(Set.of(), Set.of("x")), null))
                    .hasMessageContaining("no pseudonym key");
        }
    }
}
