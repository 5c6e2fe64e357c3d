package org.depa.ccr.agent;

import java.util.List;
import org.depa.ledger.testing.World;

final class Scenarios {
    private Scenarios() {}

    /** Proposes, signs (every party) and activates the two-dataset contract at epsilon 1.5. */
    static void activate(AgentWorld a) {
        World w = a.w;
        w.propose(
                a.tdc,
                World.proposal(
                        AgentWorld.CONTRACT,
                        a.tdc.id(),
                        a.ccr.id(),
                        List.of(AgentWorld.ICMR, AgentWorld.COWIN),
                        "1.5"));
        for (String party : w.contract(AgentWorld.CONTRACT).parties()) {
            w.sign(w.party(party), AgentWorld.CONTRACT);
        }
        w.activate(a.tdc, AgentWorld.CONTRACT);
    }
}
