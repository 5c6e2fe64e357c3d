package org.depa.payments.relay;

/**
 * Named points in the relay's settlement of one instruction, for the crash tests: a hook that
 * stops the process there (SIGKILL) or throws shows that a restart from that point pays once. The
 * benchmark's step profile times the steps between them.
 */
@FunctionalInterface
public interface RelayHook {
    RelayHook NONE = (point, paymentId) -> {};

    /**
     * Called at {@code point}: checked (the ledger, {@code settled[id]} and the simulation looked at),
     * before-send (signed and journalled), after-send, mined, after-confirm, after-record.
     */
    void at(String point, String paymentId);
}
