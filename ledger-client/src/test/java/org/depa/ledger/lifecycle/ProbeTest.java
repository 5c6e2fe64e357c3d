package org.depa.ledger.lifecycle;

import org.depa.ledger.testing.Scenario;
import org.junit.jupiter.api.Test;

class ProbeTest {
    @Test
    void timing() {
        for (int i = 0; i < 30; i++) {
            long t0 = System.nanoTime();
            try (Scenario s = new Scenario()) {
                long t1 = System.nanoTime();
                s.complete(s.active("c1", "1.5", Scenario.ICMR_DATA, Scenario.COWIN_DATA).contractId(), "r1", "1");
                long t2 = System.nanoTime();
                System.err.println("setup ms " + (t1 - t0) / 1e6 + " lifecycle ms " + (t2 - t1) / 1e6 + " height " + s.w.ledger.height());
            }
        }
    }
}
