package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.depa.ledger.testing.Refusals.refused;
import static org.depa.ledger.testing.World.edit;
import static org.depa.ledger.testing.World.json;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.Dataset;
import org.depa.ledger.model.domain.DatasetStatus;
import org.depa.ledger.model.domain.DatasetTerms;
import org.depa.ledger.model.domain.LedgerEvent;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.domain.PrivacyBudget;
import org.depa.ledger.model.domain.SchemaField;
import org.depa.ledger.model.domain.TrainingRun;
import org.depa.ledger.model.tx.DatasetRequest;
import org.depa.ledger.model.tx.ListDatasetsRequest;
import org.depa.ledger.model.tx.WithdrawDatasetRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** datasets:* — register, update, withdraw, the budget and the paginated listings. */
class DatasetTransactionsTest {
    private static final String D = Scenario.ICMR_DATA;

    private Scenario s;
    private World w;

    @BeforeEach
    void setUp() {
        s = new Scenario();
        w = s.w;
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    private Dataset register(Party submitter, DatasetRequest r) {
        return submitter.ledger().submit(Datasets.REGISTER, r);
    }

    private Dataset update(Party submitter, DatasetRequest r) {
        return submitter.ledger().submit(Datasets.UPDATE, r);
    }

    private Dataset withdraw(Party submitter, String datasetId, String ownerId) {
        return submitter.ledger().submit(Datasets.WITHDRAW, new WithdrawDatasetRequest(datasetId, ownerId, "retired"));
    }

    private Dataset dataset(String id) {
        return w.sroLedger().evaluate(Datasets.GET, id);
    }

    private static DatasetRequest withTerms(DatasetRequest r, DatasetTerms t) {
        return new DatasetRequest(
                r.id(),
                r.ownerId(),
                r.name(),
                r.description(),
                r.schema(),
                r.sampleLocation(),
                r.encryptedLocation(),
                r.ciphertextSha256(),
                r.kmsEndpoint(),
                r.keyId(),
                t);
    }

    private static DatasetTerms terms(List<String> purposes, String maxPerContract, String total, String delta) {
        return new DatasetTerms(
                purposes, 1000L, "INR", new BigDecimal(maxPerContract), new BigDecimal(total), new BigDecimal(delta));
    }

    private static DatasetRequest request(String id, String owner, List<String> purposes, String total) {
        return withTerms(World.datasetRequest(id, owner, total), terms(purposes, "2", total, "0.01"));
    }

    private Page<Dataset> list(ListDatasetsRequest r) {
        return w.sroLedger().evaluate(Datasets.LIST, r);
    }

    /** Every page of a listing, following bookmarks; asserts each page but the last is full. */
    private List<List<String>> pages(String ownerId, String purpose, int pageSize) {
        List<List<String>> pages = new ArrayList<>();
        String bookmark = null;
        while (true) {
            Page<Dataset> page = list(new ListDatasetsRequest(ownerId, purpose, pageSize, bookmark));
            pages.add(page.items().stream().map(Dataset::id).toList());
            assertThat(page.count()).isEqualTo(page.items().size());
            if (page.bookmark().isEmpty()) {
                return pages;
            }
            assertThat(page.items()).hasSize(pageSize);
            bookmark = page.bookmark();
            assertThat(pages).as("listing terminates").hasSizeLessThan(20);
        }
    }

    @Nested
    class Register {
        @Test
        void registersAnAvailableDatasetWithAFreshBudget() {
            DatasetRequest r = withTerms(
                    World.datasetRequest("d1", "icmr", "5"),
                    terms(List.of("TRAINING", "RESEARCH"), "1.50", "5.000", "0.010"));
            Dataset d = register(s.icmr, r);
            assertThat(d.status()).isEqualTo(DatasetStatus.AVAILABLE);
            assertThat(d.revision()).isEqualTo(1);
            assertThat(d.terms().allowedPurposes()).containsExactly("RESEARCH", "TRAINING");
            assertThat(w.raw(Datasets.GET.name(), "d1"))
                    .contains("\"totalEpsilon\":\"5\"", "\"maxEpsilonPerContract\":\"1.5\"", "\"delta\":\"0.01\"");
            PrivacyBudget b = s.budget("d1");
            assertThat(b.totalEpsilon()).isEqualByComparingTo("5");
            assertThat(b.reservedEpsilon()).isEqualByComparingTo("0");
            assertThat(b.spentEpsilon()).isEqualByComparingTo("0");
            LedgerEvent e = w.lastEvent();
            assertThat(e.type()).isEqualTo("DatasetRegistered");
            assertThat(e.actor()).isEqualTo("icmr");
        }

        @Test
        void refusesAPartyActingForAnotherOrganisation() {
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> register(s.cowin, World.datasetRequest("d1", "icmr", "5")));
            refused(ErrorCode.NOT_FOUND, () -> dataset("d1"));
            refused(ErrorCode.NOT_FOUND, () -> s.budget("d1"));
        }

        @Test
        void refusesAParticipantThatIsNotATdp() {
            w.refuse(ErrorCode.WRONG_ROLE, () -> register(s.tdc, World.datasetRequest("d1", "tdc", "5")));
        }

        @Test
        void refusesADuplicateIdEvenFromAnotherOwner() {
            String before = w.raw(Datasets.GET.name(), D);
            w.refuse(ErrorCode.ALREADY_EXISTS, () -> register(s.icmr, World.datasetRequest(D, "icmr", "5")));
            w.refuse(ErrorCode.ALREADY_EXISTS, () -> register(s.cowin, World.datasetRequest(D, "cowin", "5")));
            assertThat(w.raw(Datasets.GET.name(), D)).isEqualTo(before);
        }

        @ParameterizedTest(name = "{0} = {1} -> {2}")
        @CsvSource(
                delimiter = '|',
                value = {
                    "totalEpsilon          | '\"-1\"'        | INVALID_ARGUMENT",
                    "totalEpsilon          | '\"0\"'         | INVALID_ARGUMENT",
                    "totalEpsilon          | 0.0             | INVALID_ARGUMENT",
                    "totalEpsilon          | '\"NaN\"'       | MALFORMED_REQUEST",
                    "totalEpsilon          | NaN             | MALFORMED_REQUEST",
                    "totalEpsilon          | '\"Infinity\"'  | MALFORMED_REQUEST",
                    "totalEpsilon          | -Infinity       | MALFORMED_REQUEST",
                    "totalEpsilon          | 1e400           | INVALID_ARGUMENT",
                    "totalEpsilon          | '\"1E+400\"'    | INVALID_ARGUMENT",
                    "totalEpsilon          | '\"100.000001\"'| INVALID_ARGUMENT",
                    "totalEpsilon          | '\"5.0000001\"' | INVALID_ARGUMENT",
                    "totalEpsilon          | '\"5e-7\"'      | INVALID_ARGUMENT",
                    "totalEpsilon          | false           | MALFORMED_REQUEST",
                    "totalEpsilon          | '{}'            | MALFORMED_REQUEST",
                    "totalEpsilon          | null            | INVALID_ARGUMENT",
                    "maxEpsilonPerContract | '\"-2\"'        | INVALID_ARGUMENT",
                    "maxEpsilonPerContract | '\"0\"'         | INVALID_ARGUMENT",
                    "maxEpsilonPerContract | '\"NaN\"'       | MALFORMED_REQUEST",
                    "maxEpsilonPerContract | Infinity        | MALFORMED_REQUEST",
                    "maxEpsilonPerContract | 1e400           | INVALID_ARGUMENT",
                    "maxEpsilonPerContract | '\"0.0000001\"' | INVALID_ARGUMENT",
                    "maxEpsilonPerContract | '\"6\"'         | INVALID_ARGUMENT",
                    "delta                 | '\"1\"'         | INVALID_ARGUMENT",
                    "delta                 | '\"0\"'         | INVALID_ARGUMENT",
                    "delta                 | '\"1e-13\"'     | INVALID_ARGUMENT",
                    "delta                 | NaN             | MALFORMED_REQUEST"
                })
        void refusesABadEpsilonOrDeltaNamingTheField(String field, String raw, ErrorCode expected) {
            String valid = json(request("d1", "icmr", List.of("TRAINING"), "5"));
            String current =
                    switch (field) {
                        case "totalEpsilon" -> "\"totalEpsilon\":\"5\"";
                        case "maxEpsilonPerContract" -> "\"maxEpsilonPerContract\":\"2\"";
                        default -> "\"delta\":\"0.01\"";
                    };
            String body = edit(valid, current, "\"" + field + "\":" + raw);
            LedgerException e = w.refuse(expected, () -> s.icmr.client().submit(Datasets.REGISTER.name(), body));
            assertThat(e.getMessage()).contains("terms." + field);
            refused(ErrorCode.NOT_FOUND, () -> dataset("d1"));
        }

        @Test
        void acceptsTheBoundaryValues() {
            Dataset d = register(
                    s.icmr,
                    withTerms(
                            World.datasetRequest("d1", "icmr", "100"),
                            terms(List.of("TRAINING"), "0.000001", "100", "0.000000000001")));
            assertThat(d.terms().totalEpsilon()).isEqualByComparingTo("100");
            assertThat(d.terms().maxEpsilonPerContract()).isEqualByComparingTo("0.000001");
        }

        @Test
        void refusesOtherInvalidFieldsNamingThem() {
            DatasetRequest ok = World.datasetRequest("d1", "icmr", "5");
            List<SchemaField> dupColumns =
                    List.of(new SchemaField("mobile", "string", null), new SchemaField("mobile", "int", null));
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> register(
                                            s.icmr,
                                            new DatasetRequest(
                                                    "d1",
                                                    "icmr",
                                                    "n",
                                                    "d",
                                                    dupColumns,
                                                    "s",
                                                    "e",
                                                    ok.ciphertextSha256(),
                                                    "k",
                                                    "kid",
                                                    ok.terms())))
                            .getMessage())
                    .contains("schema[1].name");
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> register(
                                            s.icmr,
                                            new DatasetRequest(
                                                    "d1",
                                                    "icmr",
                                                    "n",
                                                    "d",
                                                    ok.schema(),
                                                    "s",
                                                    "e",
                                                    "not-a-hash",
                                                    "k",
                                                    "kid",
                                                    ok.terms())))
                            .getMessage())
                    .contains("ciphertextSha256");
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> register(
                                            s.icmr,
                                            withTerms(ok, terms(List.of("TRAINING", "TRAINING"), "2", "5", "0.01"))))
                            .getMessage())
                    .contains("terms.allowedPurposes[1]");
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> register(s.icmr, withTerms(ok, terms(List.of("training"), "2", "5", "0.01"))))
                            .getMessage())
                    .contains("terms.allowedPurposes[0]");
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> register(
                                            s.icmr,
                                            withTerms(
                                                    ok,
                                                    new DatasetTerms(
                                                            List.of("TRAINING"),
                                                            -1L,
                                                            "INR",
                                                            BigDecimal.ONE,
                                                            BigDecimal.TEN,
                                                            new BigDecimal("0.1")))))
                            .getMessage())
                    .contains("terms.priceMinor");
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> register(
                                            s.icmr,
                                            withTerms(
                                                    ok,
                                                    new DatasetTerms(
                                                            List.of("TRAINING"),
                                                            1L,
                                                            "inr",
                                                            BigDecimal.ONE,
                                                            BigDecimal.TEN,
                                                            new BigDecimal("0.1")))))
                            .getMessage())
                    .contains("terms.currency");
            assertThat(w.refuse(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> register(
                                            s.icmr,
                                            new DatasetRequest(
                                                    "d1",
                                                    "icmr",
                                                    "n",
                                                    "bad\u0007text",
                                                    ok.schema(),
                                                    "s",
                                                    "e",
                                                    ok.ciphertextSha256(),
                                                    "k",
                                                    "kid",
                                                    ok.terms())))
                            .getMessage())
                    .contains("'description'");
        }

        @Test
        void refusesMalformedJsonNamingTheField() {
            String valid = json(World.datasetRequest("d1", "icmr", "5"));
            var client = s.icmr.client();
            assertThat(w.refuse(
                                    ErrorCode.MALFORMED_REQUEST,
                                    () -> client.submit(
                                            Datasets.REGISTER.name(),
                                            edit(valid, "\"currency\":\"INR\"", "\"currency\":\"INR\",\"discount\":1")))
                            .getMessage())
                    .contains("terms.discount");
            assertThat(w.refuse(
                                    ErrorCode.MALFORMED_REQUEST,
                                    () -> client.submit(
                                            Datasets.REGISTER.name(),
                                            edit(valid, "\"priceMinor\":1000", "\"priceMinor\":\"1000\"")))
                            .getMessage())
                    .contains("terms.priceMinor");
            assertThat(w.refuse(
                                    ErrorCode.MALFORMED_REQUEST,
                                    () -> client.submit(
                                            Datasets.REGISTER.name(),
                                            edit(valid, "\"priceMinor\":1000", "\"priceMinor\":1000.5")))
                            .getMessage())
                    .contains("terms.priceMinor");
            assertThat(w.refuse(
                                    ErrorCode.MALFORMED_REQUEST,
                                    () -> client.submit(
                                            Datasets.REGISTER.name(),
                                            edit(
                                                    valid,
                                                    "\"allowedPurposes\":[\"TRAINING\"]",
                                                    "\"allowedPurposes\":\"TRAINING\"")))
                            .getMessage())
                    .contains("terms.allowedPurposes");
            assertThat(w.refuse(
                                    ErrorCode.MALFORMED_REQUEST,
                                    () -> client.submit(
                                            Datasets.REGISTER.name(),
                                            edit(
                                                    valid,
                                                    "\"allowedPurposes\":[\"TRAINING\"]",
                                                    "\"allowedPurposes\":[1]")))
                            .getMessage())
                    .contains("terms.allowedPurposes[0]");
            assertThat(w.refuse(
                                    ErrorCode.MALFORMED_REQUEST,
                                    () -> client.submit(
                                            Datasets.REGISTER.name(),
                                            edit(
                                                    valid,
                                                    "\"currency\":\"INR\"",
                                                    "\"currency\":\"INR\",\"currency\":\"USD\"")))
                            .getMessage())
                    .contains("terms.currency");
            w.refuse(ErrorCode.MALFORMED_REQUEST, () -> client.submit(Datasets.REGISTER.name(), ""));
            w.refuse(ErrorCode.MALFORMED_REQUEST, () -> client.submit(Datasets.REGISTER.name(), "{"));
            w.refuse(ErrorCode.MALFORMED_REQUEST, () -> client.submit(Datasets.REGISTER.name(), "x".repeat(300_000)));
        }
    }

    @Nested
    class Update {
        @Test
        void replacesTermsAndKeepsTheCommittedBudget() {
            s.active("c1", "1.5");
            Dataset d = update(s.icmr, request(D, "icmr", List.of("RESEARCH"), "20"));
            assertThat(d.revision()).isEqualTo(2);
            assertThat(d.terms().allowedPurposes()).containsExactly("RESEARCH");
            PrivacyBudget b = s.budget(D);
            assertThat(b.totalEpsilon()).isEqualByComparingTo("20");
            assertThat(b.reservedEpsilon()).isEqualByComparingTo("1.5");
            assertThat(pages(null, "TRAINING", 10)).containsExactly(List.of(Scenario.COWIN_DATA));
            assertThat(pages(null, "RESEARCH", 10)).containsExactly(List.of(D));
            assertThat(w.lastEvent().type()).isEqualTo("DatasetUpdated");
        }

        @Test
        void mayShrinkTheBudgetDownToWhatIsCommittedButNoFurther() {
            s.active("c1", "1.5");
            String before = w.raw(Datasets.GET_BUDGET.name(), D);
            LedgerException e = w.refuse(
                    ErrorCode.BUDGET_BELOW_COMMITTED,
                    () -> update(
                            s.icmr,
                            withTerms(
                                    World.datasetRequest(D, "icmr", "1.4"),
                                    terms(List.of("TRAINING"), "1", "1.4", "0.01"))));
            assertThat(e.getMessage()).contains("terms.totalEpsilon");
            assertThat(w.raw(Datasets.GET_BUDGET.name(), D)).isEqualTo(before);
            update(
                    s.icmr,
                    withTerms(
                            World.datasetRequest(D, "icmr", "1.5"), terms(List.of("TRAINING"), "1.5", "1.5", "0.01")));
            assertThat(s.budget(D).remaining()).isEqualByComparingTo("0");
        }

        @Test
        void refusesTheWrongOwnerAnotherOrganisationAndUnknownDatasets() {
            String before = w.raw(Datasets.GET.name(), D);
            w.refuse(ErrorCode.NOT_A_PARTY, () -> update(s.cowin, World.datasetRequest(D, "cowin", "5")));
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> update(s.cowin, World.datasetRequest(D, "icmr", "5")));
            w.refuse(ErrorCode.NOT_FOUND, () -> update(s.icmr, World.datasetRequest("d9", "icmr", "5")));
            w.refuse(ErrorCode.INVALID_ARGUMENT, () -> update(s.icmr, World.datasetRequest(D, "icmr", "0")));
            assertThat(w.raw(Datasets.GET.name(), D)).isEqualTo(before);
        }

        @Test
        void refusesAWithdrawnDataset() {
            withdraw(s.icmr, D, "icmr");
            w.refuse(ErrorCode.DATASET_UNAVAILABLE, () -> update(s.icmr, World.datasetRequest(D, "icmr", "5")));
        }
    }

    @Nested
    class Withdraw {
        @Test
        void withdrawsFromNewContractsAndThePurposeListingOnly() {
            s.signed("c1", "1");
            Dataset d = withdraw(s.icmr, D, "icmr");
            assertThat(d.status()).isEqualTo(DatasetStatus.WITHDRAWN);
            assertThat(d.revision()).isEqualTo(2);
            assertThat(w.lastEvent().type()).isEqualTo("DatasetWithdrawn");
            assertThat(pages(null, "TRAINING", 10)).containsExactly(List.of(Scenario.COWIN_DATA));
            assertThat(pages("icmr", null, 10)).containsExactly(List.of(D));
            w.refuse(ErrorCode.DATASET_UNAVAILABLE, () -> s.draft("c2", "1"));
            w.refuse(ErrorCode.DATASET_UNAVAILABLE, () -> w.activate(s.tdc, "c1"));
        }

        @Test
        void contractsAlreadyActiveKeepTheirTerms() {
            s.active("c1", "1");
            withdraw(s.icmr, D, "icmr");
            assertThat(s.contract("c1").status()).isEqualTo(ContractStatus.ACTIVE);
            TrainingRun run = s.startRun("c1", "r1");
            assertThat(run.contractId()).isEqualTo("c1");
            assertThat(s.budget(D).reservedEpsilon()).isEqualByComparingTo("1");
        }

        @Test
        void refusesAnotherOwnerAnotherOrganisationTwiceAndWithoutReason() {
            w.refuse(ErrorCode.NOT_A_PARTY, () -> withdraw(s.cowin, D, "cowin"));
            w.refuse(ErrorCode.WRONG_ORGANISATION, () -> withdraw(s.cowin, D, "icmr"));
            assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> s.icmr.ledger()
                                    .submit(Datasets.WITHDRAW, new WithdrawDatasetRequest(D, "icmr", "")))
                            .getMessage())
                    .contains("'reason'");
            assertThat(dataset(D).status()).isEqualTo(DatasetStatus.AVAILABLE);
            withdraw(s.icmr, D, "icmr");
            w.refuse(ErrorCode.DATASET_UNAVAILABLE, () -> withdraw(s.icmr, D, "icmr"));
            w.refuse(ErrorCode.NOT_FOUND, () -> withdraw(s.icmr, "d9", "icmr"));
        }
    }

    @Nested
    class Get {
        @Test
        void returnsTheDatasetAndItsBudget() {
            assertThat(dataset(D).ownerId()).isEqualTo("icmr");
            assertThat(s.budget(D).totalEpsilon()).isEqualByComparingTo("10");
        }

        @Test
        void refusesUnknownAndInvalidIds() {
            refused(ErrorCode.NOT_FOUND, () -> dataset("d9"));
            refused(ErrorCode.NOT_FOUND, () -> s.budget("d9"));
            refused(ErrorCode.INVALID_ARGUMENT, () -> dataset("D9"));
            refused(ErrorCode.INVALID_ARGUMENT, () -> s.budget(""));
        }
    }

    @Nested
    class ListDatasets {
        /** icmr owns five datasets; RESEARCH covers five datasets of two owners. */
        @BeforeEach
        void fiveAndFive() {
            for (String id : List.of("a-4", "a-2", "a-3", "a-1")) {
                register(s.icmr, request(id, "icmr", List.of("RESEARCH", "TRAINING"), "5"));
            }
            register(s.cowin, request("b-1", "cowin", List.of("RESEARCH"), "5"));
        }

        @Test
        void byOwnerPagesChainThroughBookmarksWithoutRepeatsOrGaps() {
            List<List<String>> pages = pages("icmr", null, 2);
            assertThat(pages).hasSize(3);
            assertThat(pages.get(2)).hasSize(1);
            List<String> all = pages.stream().flatMap(List::stream).toList();
            assertThat(all).containsExactly("a-1", "a-2", "a-3", "a-4", D);
            assertThat(new HashSet<>(all)).hasSize(5);
        }

        @Test
        void byPurposeListsOnlyAvailableDatasetsAndWithdrawnOnesLeave() {
            assertThat(pages(null, "RESEARCH", 2))
                    .containsExactly(List.of("a-1", "a-2"), List.of("a-3", "a-4"), List.of("b-1"));
            withdraw(s.icmr, "a-3", "icmr");
            List<List<String>> after = pages(null, "RESEARCH", 2);
            assertThat(after).containsExactly(List.of("a-1", "a-2"), List.of("a-4", "b-1"));
            assertThat(pages("icmr", null, 2).stream().flatMap(List::stream))
                    .contains("a-3")
                    .hasSize(5);
            assertThat(pages(null, "MARKETING", 2)).containsExactly(List.of());
        }

        @Test
        void unfilteredListsEveryDataset() {
            assertThat(pages(null, null, 3).stream().flatMap(List::stream).toList())
                    .containsExactly("a-1", "a-2", "a-3", "a-4", "b-1", Scenario.COWIN_DATA, D);
        }

        @Test
        void refusesCombinedFiltersBadPageSizesAndForeignBookmarks() {
            assertThat(refused(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> list(new ListDatasetsRequest("icmr", "RESEARCH", 2, null)))
                            .getMessage())
                    .contains("'purpose'");
            refused(ErrorCode.INVALID_ARGUMENT, () -> list(new ListDatasetsRequest("icmr", null, 0, null)));
            refused(ErrorCode.INVALID_ARGUMENT, () -> list(new ListDatasetsRequest("icmr", null, 201, null)));
            refused(ErrorCode.INVALID_ARGUMENT, () -> list(new ListDatasetsRequest(null, "research", 2, null)));
            String ownerBookmark =
                    list(new ListDatasetsRequest("icmr", null, 2, null)).bookmark();
            assertThat(ownerBookmark).isNotEmpty();
            assertThat(refused(
                                    ErrorCode.INVALID_ARGUMENT,
                                    () -> list(new ListDatasetsRequest(null, "RESEARCH", 2, ownerBookmark)))
                            .getMessage())
                    .contains("'bookmark'");
            refused(ErrorCode.INVALID_ARGUMENT, () -> list(new ListDatasetsRequest("cowin", null, 2, ownerBookmark)));
            refused(ErrorCode.MALFORMED_REQUEST, () -> w.sro.evaluate(Datasets.LIST.name(), "{\"owner\":\"icmr\"}"));
        }
    }
}
