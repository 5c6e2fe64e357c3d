package org.depa.ledger.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.tx.ListByPartyRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.testkit.KeyType;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * contracts:list and jobs:list over the per-party indexes (issue 17): each party lists exactly
 * what it takes part in, in id order, a page at a time; the SRO and auditors list everything;
 * nobody lists another party's objects, a client of the same organisation acting for the party
 * included. Fixture: contracts c-a (icmr), c-b (cowin), c-c (icmr and cowin), c-d (war room's
 * data only, a third TDP), all by tdc with ccr; a job over c-a.
 */
class PartyListingTest {
    static final String COMMITMENT = ModelSpecCommitments.commit(
            Hashes.sha256("listing-salt".getBytes(StandardCharsets.UTF_8)), "{\"layers\":[]}");

    private Scenario s;
    private World w;
    private Party warRoom;
    private Party auditor;

    @BeforeEach
    void setUp() {
        s = new Scenario();
        w = s.w;
        warRoom = w.onboard("warroom", Role.TDP, "WarRoomMSP");
        w.registerDataset(warRoom, "warroom-data", "10");
        auditor = w.onboard("aud", Role.AUDITOR, "AuditMSP");
        s.propose(s.proposal("c-c", "1", Scenario.ICMR_DATA, Scenario.COWIN_DATA));
        s.propose(s.proposal("c-a", "1", Scenario.ICMR_DATA).withModelSpecCommitment(COMMITMENT));
        s.propose(s.proposal("c-b", "1", Scenario.COWIN_DATA));
        s.propose(s.proposal("c-d", "1", "warroom-data"));
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    private static ListByPartyRequest mine(Party p) {
        return new ListByPartyRequest(p.id(), p.id(), null, null);
    }

    private static List<String> ids(Page<ContractRecord> page) {
        return page.items().stream().map(ContractRecord::contractId).toList();
    }

    private TrainingJob job(String jobId, String contractId) {
        s.signAll(contractId);
        w.activate(s.tdc, contractId);
        s.tdc.ledger()
                .submit(
                        Jobs.REGISTER_OUTPUT_KEY,
                        new RegisterOutputKeyRequest("out-" + jobId, "tdc", SelfSigned.publicKeyPem(KeyType.EC_P256)));
        return s.tdc.ledger()
                .submit(
                        Jobs.SUBMIT,
                        new SubmitJobRequest(
                                jobId,
                                "tdc",
                                List.of(contractId),
                                COMMITMENT,
                                "https://tdc.example/s",
                                "out-" + jobId));
    }

    @Test
    void eachPartyListsExactlyItsOwnContractsInIdOrder() {
        assertThat(ids(s.icmr.ledger().evaluate(Contracts.LIST, mine(s.icmr)))).containsExactly("c-a", "c-c");
        assertThat(ids(s.cowin.ledger().evaluate(Contracts.LIST, mine(s.cowin))))
                .containsExactly("c-b", "c-c");
        assertThat(ids(warRoom.ledger().evaluate(Contracts.LIST, mine(warRoom))))
                .containsExactly("c-d");
        assertThat(ids(s.tdc.ledger().evaluate(Contracts.LIST, mine(s.tdc))))
                .containsExactly("c-a", "c-b", "c-c", "c-d");
        assertThat(ids(s.ccr.ledger().evaluate(Contracts.LIST, mine(s.ccr))))
                .containsExactly("c-a", "c-b", "c-c", "c-d");
        Page<ContractRecord> page = s.icmr.ledger().evaluate(Contracts.LIST, mine(s.icmr));
        assertThat(page.items().get(0))
                .as("the listed record is the contract itself")
                .isEqualTo(s.contract("c-a"));
        assertThat(page.bookmark()).as("a short page is the last").isEmpty();
    }

    @Test
    void theSroAndAuditorsListEveryContractOrAnyPartys() {
        assertThat(ids(w.sroLedger().evaluate(Contracts.LIST, new ListByPartyRequest(null, null, null, null))))
                .containsExactly("c-a", "c-b", "c-c", "c-d");
        assertThat(ids(w.sroLedger().evaluate(Contracts.LIST, new ListByPartyRequest(null, "cowin", null, null))))
                .containsExactly("c-b", "c-c");
        assertThat(ids(auditor.ledger().evaluate(Contracts.LIST, new ListByPartyRequest("aud", null, null, null))))
                .containsExactly("c-a", "c-b", "c-c", "c-d");
        assertThat(ids(auditor.ledger().evaluate(Contracts.LIST, new ListByPartyRequest("aud", "warroom", null, null))))
                .containsExactly("c-d");
    }

    @Test
    void aHostileMemberCannotListAnotherPartysContracts() {
        // A TDP of the consortium asks for another TDP's contracts, for all of them, or with no reader.
        assertThat(w.refuse(ErrorCode.NOT_A_PARTY, () -> s.cowin
                                .ledger()
                                .evaluate(Contracts.LIST, new ListByPartyRequest("cowin", "icmr", null, null)))
                        .getMessage())
                .contains("'cowin' may list only its own contracts");
        w.refuse(
                ErrorCode.WRONG_ROLE,
                () -> s.cowin.ledger().evaluate(Contracts.LIST, new ListByPartyRequest("cowin", null, null, null)));
        w.refuse(
                ErrorCode.NOT_SRO,
                () -> s.cowin.ledger().evaluate(Contracts.LIST, new ListByPartyRequest(null, "icmr", null, null)));
        // It claims to be the party it wants to list: its client key is not that party's.
        w.refuse(ErrorCode.WRONG_ORGANISATION, () -> s.cowin.ledger().evaluate(Contracts.LIST, mine(s.icmr)));
        TypedLedger icmrColleague = new TypedLedger(w.client("IcmrMSP", "icmr-colleague"));
        w.refuse(ErrorCode.WRONG_CLIENT, () -> icmrColleague.evaluate(Contracts.LIST, mine(s.icmr)));
        TypedLedger icmrAdmin = new TypedLedger(w.client("IcmrMSP", "Admin"));
        w.refuse(ErrorCode.WRONG_CLIENT, () -> icmrAdmin.evaluate(Contracts.LIST, mine(s.icmr)));
        // A bookmark taken from its own listing does not open someone else's.
        String cowinMark = s.cowin
                .ledger()
                .evaluate(Contracts.LIST, new ListByPartyRequest("cowin", "cowin", 1, null))
                .bookmark();
        w.refuse(ErrorCode.INVALID_ARGUMENT, () -> s.icmr.ledger()
                .evaluate(Contracts.LIST, new ListByPartyRequest("icmr", "icmr", 1, cowinMark)));
        // Suspended by the SRO: it lists nothing, not even its own.
        w.suspend("cowin");
        w.refuse(ErrorCode.PARTICIPANT_SUSPENDED, () -> s.cowin.ledger().evaluate(Contracts.LIST, mine(s.cowin)));
    }

    @Test
    void pagesFollowTheBookmarkToTheEndAndBadSizesAreRefused() {
        List<String> seen = new ArrayList<>();
        String mark = null;
        int pages = 0;
        do {
            Page<ContractRecord> page =
                    s.tdc.ledger().evaluate(Contracts.LIST, new ListByPartyRequest("tdc", "tdc", 3, mark));
            seen.addAll(ids(page));
            mark = page.bookmark();
            pages++;
        } while (!mark.isEmpty());
        assertThat(seen).containsExactly("c-a", "c-b", "c-c", "c-d");
        assertThat(pages).isEqualTo(2);
        assertThat(w.refuse(ErrorCode.INVALID_ARGUMENT, () -> s.tdc.ledger()
                                .evaluate(Contracts.LIST, new ListByPartyRequest("tdc", "tdc", 201, null)))
                        .getMessage())
                .contains("'pageSize'");
        w.refuse(ErrorCode.INVALID_ARGUMENT, () -> s.tdc.ledger()
                .evaluate(Contracts.LIST, new ListByPartyRequest("tdc", "bad id!", null, null)));
    }

    @Test
    void anAmendmentMovesTheIndexWithTheParties() {
        s.tdc.ledger().submit(Contracts.AMEND, s.proposal("c-c", "1", Scenario.COWIN_DATA, "warroom-data"));
        assertThat(ids(s.icmr.ledger().evaluate(Contracts.LIST, mine(s.icmr)))).containsExactly("c-a");
        assertThat(ids(warRoom.ledger().evaluate(Contracts.LIST, mine(warRoom))))
                .containsExactly("c-c", "c-d");
        assertThat(ids(s.cowin.ledger().evaluate(Contracts.LIST, mine(s.cowin))))
                .containsExactly("c-b", "c-c");
    }

    @Test
    void jobsAreListedToThePartiesOfTheirContractsOnly() {
        TrainingJob j = job("job-1", "c-a");
        ListByPartyRequest all = new ListByPartyRequest(null, null, null, null);
        for (Party p : List.of(s.tdc, s.ccr, s.icmr)) {
            assertThat(p.ledger().evaluate(Jobs.LIST, mine(p)).items())
                    .as(p.id())
                    .containsExactly(j);
        }
        assertThat(s.cowin.ledger().evaluate(Jobs.LIST, mine(s.cowin)).items()).isEmpty();
        assertThat(w.sroLedger().evaluate(Jobs.LIST, all).items()).containsExactly(j);
        assertThat(auditor.ledger()
                        .evaluate(Jobs.LIST, new ListByPartyRequest("aud", "icmr", null, null))
                        .items())
                .containsExactly(j);
        w.refuse(
                ErrorCode.NOT_A_PARTY,
                () -> s.cowin.ledger().evaluate(Jobs.LIST, new ListByPartyRequest("cowin", "icmr", null, null)));
        TypedLedger tdcColleague = new TypedLedger(w.client("ConsumerMSP", "tdc-colleague"));
        w.refuse(ErrorCode.WRONG_CLIENT, () -> tdcColleague.evaluate(Jobs.LIST, mine(s.tdc)));
        w.refuse(ErrorCode.NOT_SRO, () -> tdcColleague.evaluate(Jobs.LIST, all));
    }
}
