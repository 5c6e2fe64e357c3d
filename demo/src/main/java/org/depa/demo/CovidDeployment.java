package org.depa.demo;

import java.util.List;
import org.depa.demo.deployment.Seat;

/** The COVID scenario's participants as a deployment provisions them (same ids, roles, organisations, algorithms). */
public final class CovidDeployment {
    private CovidDeployment() {}

    /** Every participant of the scenario, each of which gets its own identities in the deployment. */
    public static List<Seat> seats() {
        return CovidCast.enrolments().stream()
                .map(e -> new Seat(e.baseId(), e.role(), e.mspId(), e.algorithm()))
                .toList();
    }
}
