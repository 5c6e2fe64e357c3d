package org.depa.ledger.model.catalogue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.domain.ContractSignature;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.tx.ContractVersionRef;
import org.depa.ledger.model.tx.PageRequest;
import org.depa.ledger.model.tx.ParticipantStatusRequest;
import org.junit.jupiter.api.Test;

class TxCatalogueTest {

    @Test
    void namesAreQualifiedByTheirAreaAndUnique() {
        List<Tx<?, ?>> all = TxCatalogue.all();
        assertThat(all).hasSizeGreaterThan(40);
        Set<String> names = new TreeSet<>();
        for (Tx<?, ?> tx : all) {
            assertThat(tx.name()).isEqualTo(tx.area() + ":" + tx.transaction());
            assertThat(names.add(tx.name())).as("unique name %s", tx.name()).isTrue();
        }
        assertThat(Contracts.PROPOSE.name()).isEqualTo("contracts:propose");
        assertThat(TxCatalogue.byName("runs:submitReceipt")).containsSame(Runs.SUBMIT_RECEIPT);
        assertThat(TxCatalogue.byName("runs:nope")).isEmpty();
    }

    @Test
    void jsonRequestsRoundTripCanonically() {
        ParticipantStatusRequest r = new ParticipantStatusRequest("icmr", null);
        String[] args = Participants.VERIFY.encode(r);
        assertThat(args).containsExactly("{\"participantId\":\"icmr\",\"reason\":null}");
        assertThat(Participants.VERIFY.decode(args)).isEqualTo(r);
    }

    @Test
    void jsonRequestsAreParsedStrictly() {
        assertThatThrownBy(() -> Participants.VERIFY.decode("{\"participantId\":\"icmr\",\"extra\":1}"))
                .isInstanceOfSatisfying(
                        LedgerRuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.MALFORMED_REQUEST))
                .hasMessageContaining("extra");
    }

    @Test
    void aWrongNumberOfArgumentsIsRefusedNamingTheCounts() {
        assertThatThrownBy(() -> Contracts.GET.decode("c1", "c2"))
                .isInstanceOf(LedgerRuleException.class)
                .hasMessageContaining("expected 1, got 2");
        assertThatThrownBy(() -> Participants.GET_AGREEMENT.decode("x"))
                .isInstanceOf(LedgerRuleException.class)
                .hasMessageContaining("expected 0, got 1");
    }

    @Test
    void aVersionReferenceTravelsAsTwoPlainArguments() {
        assertThat(Contracts.GET_VERSION.encode(new ContractVersionRef("c1", 3)))
                .containsExactly("c1", "3");
        assertThat(Contracts.GET_VERSION.decode("c1", "3")).isEqualTo(new ContractVersionRef("c1", 3));
        assertThatThrownBy(() -> Contracts.GET_VERSION.decode("c1", "three"))
                .isInstanceOfSatisfying(
                        LedgerRuleException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("version");
    }

    @Test
    void genericResultsParseIntoTheirElementTypes() {
        List<ContractSignature> sigs = Contracts.SIGNATURES.result(
                "[{\"contractId\":\"c1\",\"version\":1,\"participantId\":\"tdc\"}]".getBytes(StandardCharsets.UTF_8));
        assertThat(sigs)
                .singleElement()
                .extracting(ContractSignature::participantId)
                .isEqualTo("tdc");
        Page<Participant> page = Participants.LIST.result(
                "{\"items\":[{\"id\":\"icmr\"}],\"bookmark\":\"\",\"count\":1}".getBytes(StandardCharsets.UTF_8));
        assertThat(page.items()).singleElement().extracting(Participant::id).isEqualTo("icmr");
    }

    @Test
    void anUnreadableResultNamesTheTransaction() {
        assertThatThrownBy(() -> Participants.GET.result("not json".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("participants:get");
    }

    @Test
    void readsAndWritesAreTold() {
        assertThat(Participants.LIST.intent()).isEqualTo(Tx.Intent.EVALUATE);
        assertThat(Participants.LIST.arguments().requestType()).isEqualTo(PageRequest.class);
        assertThat(Runs.START.intent()).isEqualTo(Tx.Intent.SUBMIT);
        assertThat(Probe.WRITE.intent()).isEqualTo(Tx.Intent.SUBMIT);
    }

    @Test
    void everyEventHasADistinctWireNameThatMapsBack() {
        Set<String> wire = new TreeSet<>();
        for (EventType t : EventType.values()) {
            assertThat(wire.add(t.wireName())).isTrue();
            assertThat(EventType.fromWireName(t.wireName())).contains(t);
        }
        assertThat(EventType.fromWireName("NoSuchEvent")).isEmpty();
    }
}
