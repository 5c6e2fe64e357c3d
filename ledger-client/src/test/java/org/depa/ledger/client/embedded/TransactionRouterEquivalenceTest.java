package org.depa.ledger.client.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.depa.ledger.client.LedgerIdentity;
import org.depa.ledger.model.catalogue.Audit;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Datasets;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.Runs;
import org.depa.ledger.model.catalogue.Tx;
import org.depa.ledger.model.catalogue.TxCatalogue;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.HistoryRequest;
import org.depa.ledger.testing.Party;
import org.depa.ledger.testing.Scenario;
import org.depa.ledger.testing.World;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The chaincode's own router ({@code TransactionRouter}, which the embedded ledger uses) against
 * Fabric's {@link ContractRouter} with its class-path scan, the router it replaces: every
 * invocation below runs through ours (the ledger's simulation), then the same invocation (state,
 * arguments, transaction id, time, creator) through Fabric's, and the two must give the same
 * status, message and payload, the same reads, writes and key policies, and the same event.
 * The invocations: every catalogued transaction with no, one ("{}") and too many arguments from
 * two callers; a lifecycle's real reads, a write, refusals (a hostile colleague included); names
 * Fabric routes oddly (no area, three parts, an unknown area or method); and Fabric's metadata.
 */
class TransactionRouterEquivalenceTest {
    private static World w;
    private static Scenario s;
    private static String ourMetadata;
    private static ContractRouter fabric;
    private static LedgerIdentity sro;

    @BeforeAll
    static void setUp() throws Exception {
        w = new World();
        s = new Scenario(w);
        sro = w.clientIdentity("SROMSP", "sro-admin");
        s.active("c1", "1.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA);
        s.startRun("c1", "r1");
        s.draft("c2", "2", Scenario.ICMR_DATA);
        // Ours first, in a JVM where nothing has built Fabric's metadata yet (it is static in Fabric's builder).
        ourMetadata = payload(w.ledger
                .simulate(sroIdentity(), "org.hyperledger.fabric:GetMetadata", new String[0])
                .response());
        fabric = fabricRouter();
    }

    @AfterAll
    static void tearDown() {
        w.close();
    }

    @Test
    void everyCataloguedTransactionAnswersAlike() {
        List<String[]> shapes = List.of(new String[0], new String[] {"{}"}, new String[] {"{}", "x", "y"});
        List<LedgerIdentity> callers = List.of(sroIdentity(), identity(s.tdc));
        int compared = 0;
        for (Tx<?, ?> tx : TxCatalogue.all()) {
            for (String[] args : shapes) {
                for (LedgerIdentity caller : callers) {
                    compare(caller, tx.name(), args);
                    compared++;
                }
            }
        }
        assertThat(compared).isEqualTo(TxCatalogue.all().size() * 6);
    }

    @Test
    void aLifecyclesReadsWritesAndRefusalsAnswerAlike() {
        LedgerIdentity caller = sroIdentity();
        compare(caller, Contracts.GET.name(), Contracts.GET.encode("c1"));
        compare(caller, Contracts.SIGNATURES.name(), Contracts.SIGNATURES.encode("c1"));
        compare(identity(s.tdc), Contracts.SIGNING_PAYLOAD.name(), Contracts.SIGNING_PAYLOAD.encode("c2"));
        compare(caller, Datasets.GET_BUDGET.name(), Datasets.GET_BUDGET.encode(Scenario.ICMR_DATA));
        compare(caller, Runs.GET.name(), Runs.GET.encode("r1"));
        compare(caller, Participants.GET_GOVERNANCE.name(), new String[0]);
        compare(caller, Audit.HISTORY.name(), Audit.HISTORY.encode(new HistoryRequest("contract", "c1")));
        compare(caller, "probe:write", new String[] {"router-equivalence"});
        // Arguments are UTF-8: a non-ASCII id reaches the keys read and the messages the same way.
        compare(caller, Audit.HISTORY.name(), Audit.HISTORY.encode(new HistoryRequest("contract", "c1-\u00e9\u2713")));
        compare(caller, Contracts.GET.name(), new String[] {"c\u00e9"});
        Response refused = compare(
                identity(s.tdc),
                Contracts.ACTIVATE.name(),
                Contracts.ACTIVATE.encode(new ContractActionRequest("c2", "tdc", null)));
        assertThat(refused.getStatus().getCode()).isEqualTo(500);
        // A client of the TDC's own organisation, acting for the TDC without being its bound client.
        LedgerIdentity colleague = w.clientIdentity(s.tdc.mspId(), "tdc-colleague");
        Response hostile = compare(
                colleague,
                Contracts.REVOKE.name(),
                Contracts.REVOKE.encode(new ContractActionRequest("c1", "tdc", "hostile")));
        assertThat(hostile.getMessage()).startsWith("WRONG_CLIENT");
    }

    @Test
    void namesFabricRoutesOddlyAnswerAlike() {
        LedgerIdentity caller = sroIdentity();
        assertThat(compare(caller, "nosuch:get", new String[] {"c1"}).getMessage())
                .isEqualTo("Undefined contract called");
        assertThat(compare(caller, "contracts:nosuch", new String[] {"c1"}).getMessage())
                .isEqualTo("Undefined contract method called");
        assertThat(compare(caller, "get", new String[] {"c1"}).getMessage()).isEqualTo("Undefined contract called");
        compare(caller, "contracts:get:c1", new String[0]);
        compare(caller, "contracts:", new String[] {"c1"});
        compare(caller, ":get", new String[] {"c1"});
        compare(caller, "", new String[0]);
        compare(caller, "org.hyperledger.fabric:nosuch", new String[0]);
        assertThat(compare(caller, Contracts.GET.name(), new String[0]).getMessage())
                .as("too few arguments: Fabric's answer")
                .isEqualTo("Unexpected error");
    }

    @Test
    void fabricsMetadataIsTheSame() {
        Response fabricAnswer = compare(sroIdentity(), "org.hyperledger.fabric:GetMetadata", new String[0]);
        assertThat(ourMetadata).isEqualTo(payload(fabricAnswer));
        assertThat(ourMetadata).contains("\"contracts\"", "\"participants\"", "\"probe\"", "\"GetMetadata\"");
    }

    /** Runs the invocation through both routers, asserts they agree, and returns the response. */
    private static Response compare(LedgerIdentity caller, String function, String[] args) {
        EmbeddedLedger.Simulation ours = w.ledger.simulate(caller, function, args);
        SimulationStub again = ours.stub().again();
        Response theirs = fabric.invoke(again);
        String what = function + " " + List.of(args) + " as " + caller.mspId();
        assertThat(describe(ours.response())).as("response to %s", what).isEqualTo(describe(theirs));
        assertThat(describe(ours.stub().rwset()))
                .as("reads and writes of %s", what)
                .isEqualTo(describe(again.rwset()));
        assertThat(ours.stub().event()).as("event of %s", what).isEqualTo(again.event());
        return ours.response();
    }

    private static String describe(Response r) {
        return r.getStatus().getCode() + " | " + r.getMessage() + " | " + payload(r);
    }

    private static String describe(ReadWriteSet rw) {
        return rw.reads + " | " + rw.rangeReads + " | " + bytes(rw.writes) + " | " + bytes(rw.metadataWrites);
    }

    private static String bytes(Map<String, byte[]> m) {
        return m.entrySet().stream()
                .map(e -> e.getKey() + "="
                        + (e.getValue() == null ? "null" : Base64.getEncoder().encodeToString(e.getValue())))
                .collect(Collectors.joining(","));
    }

    private static String payload(Response r) {
        return r.getPayload() == null ? "null" : new String(r.getPayload(), StandardCharsets.UTF_8);
    }

    private static LedgerIdentity sroIdentity() {
        return sro;
    }

    private static LedgerIdentity identity(Party p) {
        return new LedgerIdentity(p.mspId(), p.credentials().certificatePem());
    }

    /** Fabric's router as a chaincode process starts it: the class-path scan, its metadata, no peer. */
    private static ContractRouter fabricRouter() throws Exception {
        Logger root = Logger.getLogger("");
        List<Handler> handlers = new ArrayList<>(List.of(root.getHandlers()));
        handlers.forEach(root::removeHandler);
        try {
            ContractRouter router = new ContractRouter(new String[] {"--id", "depa:reference"});
            router.startRouterWithChaincodeServer(new ChaincodeServer() {
                @Override
                public void start() {}

                @Override
                public void stop() {}
            });
            return router;
        } finally {
            for (Handler h : root.getHandlers()) {
                root.removeHandler(h);
            }
            handlers.forEach(root::addHandler);
        }
    }
}
