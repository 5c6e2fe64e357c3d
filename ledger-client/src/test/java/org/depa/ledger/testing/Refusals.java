package org.depa.ledger.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.model.ErrorCode;

/** Assertions on refused ledger calls: the exact error code, as a client sees it. */
public final class Refusals {
    private Refusals() {}

    /** Asserts that {@code call} throws a LedgerException with {@code code}, and returns it. */
    public static LedgerException refused(ErrorCode code, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown)
                .as("expected a refusal with %s", code)
                .isInstanceOfSatisfying(LedgerException.class, e -> assertThat(e.code())
                        .as("error code of: %s", e.getMessage())
                        .isEqualTo(code));
        return (LedgerException) thrown;
    }
}
