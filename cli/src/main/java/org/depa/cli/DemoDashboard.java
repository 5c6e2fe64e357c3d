package org.depa.cli;

import java.io.IOException;
import java.io.PrintStream;
import org.depa.demo.party.Consortium;
import org.depa.demo.remote.GatewayConsortium;

/**
 * {@code depa demo covid --dashboard}: after the scenario, the dashboard's URL and a one-time login
 * link for the TDC, and the gateway kept up until Enter (or the end of standard input). On a
 * deployment the gateways stay up anyway: each organisation's dashboard URL.
 */
final class DemoDashboard {
    private DemoDashboard() {}

    static void show(Consortium consortium) {
        PrintStream out = System.out;
        if (consortium instanceof GatewayConsortium g) {
            out.println();
            out.println("Dashboard: " + g.dashboard());
            out.println("Log in as the TDC (ai-lab) within a minute, once: " + g.dashboardLogin("ai-lab"));
            out.println("More links: depa dashboard login --gateway "
                    + g.dashboard().resolve("/")
                    + " with a participant's certificate (the demo's are under its directory's pki/)");
            out.println("Press Enter to stop the gateway.");
            out.flush();
            try {
                System.in.read(); // a line, or the end of input
            } catch (IOException e) {
                // standard input closed: stop
            }
            return;
        }
        out.println();
        out.println("Dashboards: each organisation's gateway serves one at its URL + /dashboard (depa deployment status"
                + " lists them); log in with depa dashboard login.");
    }
}
