package org.depa.payments.chain;

/** Why the settlement role closes an escrow; the codes are the contract's CLOSED_* constants. */
public enum CloseReason {
    COMPLETED(1),
    EXPIRED(2),
    REVOKED(3);

    private final int code;

    CloseReason(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
