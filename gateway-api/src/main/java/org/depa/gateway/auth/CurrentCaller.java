package org.depa.gateway.auth;

import jakarta.enterprise.context.RequestScoped;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;

/** The authenticated caller of the current request, set by {@link AccessFilter}. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    public Caller get() {
        if (caller == null) {
            throw new GatewayException(GatewayCode.UNAUTHENTICATED, "no authenticated caller");
        }
        return caller;
    }
}
