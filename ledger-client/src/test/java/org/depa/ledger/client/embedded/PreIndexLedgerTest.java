package org.depa.ledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Jobs;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.ListByPartyRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import org.depa.ledger.model.tx.SubmitJobRequest;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.depa.testkit.KeyType;
import org.depa.testkit.SelfSigned;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A ledger written before the per-party indexes (issue 17): its contracts and jobs have no
 * {@code contract-by-party} / {@code job-by-party} entries. Made here by removing those entries
 * from the embedded world state, which is what the earlier chaincode left. Such objects are not
 * listed until contracts:index / jobs:index writes their entries (the SRO, or one of their
 * parties); the listing then equals the one of a ledger indexed from the start.
 */
class PreIndexLedgerTest {
    private static final String COMMITMENT =
            ModelSpecCommitments.commit(Hashes.sha256("pre-index".getBytes(StandardCharsets.UTF_8)), "{}");

    private Scenario s;
    private World w;
    private TrainingJob job;

    @BeforeEach
    void setUp() throws ReflectiveOperationException {
        s = new Scenario();
        w = s.w;
        s.propose(s.proposal("old-1", "1", Scenario.ICMR_DATA).withModelSpecCommitment(COMMITMENT));
        s.signAll("old-1");
        w.activate(s.tdc, "old-1");
        s.draft("old-2", "1", Scenario.COWIN_DATA);
        s.tdc.ledger()
                .submit(
                        Jobs.REGISTER_OUTPUT_KEY,
                        new RegisterOutputKeyRequest("out", "tdc", SelfSigned.publicKeyPem(KeyType.EC_P256)));
        job = s.tdc.ledger()
                .submit(
                        Jobs.SUBMIT,
                        new SubmitJobRequest(
                                "old-job", "tdc", List.of("old-1"), COMMITMENT, "https://tdc.example/s", "out"));
        assertThat(forgetIndex("contract-by-party"))
                .as("entries of old-1 (3 parties) and old-2 (3)")
                .isEqualTo(6);
        assertThat(forgetIndex("job-by-party")).isEqualTo(3);
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    /** Removes every key of one index type, as if the chaincode that wrote the objects had none. */
    private int forgetIndex(String type) throws ReflectiveOperationException {
        Field f = EmbeddedLedger.class.getDeclaredField("state");
        f.setAccessible(true);
        WorldState state = (WorldState) f.get(w.ledger);
        List<String> keys = new ArrayList<>();
        state.range("\u0000" + type + "\u0000", "\u0000" + type + "\u0001").forEach(e -> keys.add(e.getKey()));
        for (String key : keys) {
            state.apply(key, null, new Version(w.ledger.height(), 0), "pre-index", Instant.EPOCH);
        }
        return keys.size();
    }

    private List<String> contractsOf(String party) {
        return w
                .party(party)
                .ledger()
                .evaluate(Contracts.LIST, new ListByPartyRequest(party, party, null, null))
                .items()
                .stream()
                .map(ContractRecord::contractId)
                .toList();
    }

    @Test
    void objectsMadeBeforeTheIndexAreNotListedUntilIndexed() {
        assertThat(contractsOf("tdc")).isEmpty();
        assertThat(s.tdc.ledger()
                        .evaluate(Jobs.LIST, new ListByPartyRequest("tdc", "tdc", null, null))
                        .items())
                .isEmpty();
        assertThat(w.sroLedger()
                        .evaluate(Contracts.LIST, new ListByPartyRequest(null, null, null, null))
                        .items())
                .as("the list of every contract walks the contracts themselves: complete without the index")
                .hasSize(2);

        // A party indexes one contract; the SRO the other and the job.
        s.icmr.ledger().submit(Contracts.INDEX, new ContractActionRequest("old-1", "icmr", null));
        assertThat(contractsOf("tdc")).containsExactly("old-1");
        w.sroLedger().submit(Contracts.INDEX, new ContractActionRequest("old-2", null, null));
        w.sroLedger().submit(Jobs.INDEX, new JobActionRequest("old-job", null, null));
        assertThat(contractsOf("tdc")).containsExactly("old-1", "old-2");
        assertThat(contractsOf("icmr")).containsExactly("old-1");
        assertThat(contractsOf("cowin")).containsExactly("old-2");
        assertThat(s.icmr.ledger()
                        .evaluate(Jobs.LIST, new ListByPartyRequest("icmr", "icmr", null, null))
                        .items())
                .containsExactly(job);

        // Indexing again changes no listing.
        s.tdc.ledger().submit(Contracts.INDEX, new ContractActionRequest("old-1", "tdc", null));
        assertThat(contractsOf("tdc")).containsExactly("old-1", "old-2");
    }

    @Test
    void onlyTheSroOrAPartyMayIndex() {
        w.refuse(
                ErrorCode.NOT_A_PARTY,
                () -> s.cowin.ledger().submit(Contracts.INDEX, new ContractActionRequest("old-1", "cowin", null)));
        w.refuse(
                ErrorCode.NOT_SRO,
                () -> s.cowin.ledger().submit(Contracts.INDEX, new ContractActionRequest("old-1", null, null)));
        w.refuse(
                ErrorCode.WRONG_ORGANISATION,
                () -> s.cowin.ledger().submit(Contracts.INDEX, new ContractActionRequest("old-1", "icmr", null)));
        w.refuse(
                ErrorCode.NOT_A_PARTY,
                () -> s.cowin.ledger().submit(Jobs.INDEX, new JobActionRequest("old-job", "cowin", null)));
        w.refuse(ErrorCode.NOT_FOUND, () -> w.sroLedger()
                .submit(Jobs.INDEX, new JobActionRequest("no-job", null, null)));
    }
}
