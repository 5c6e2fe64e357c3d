package org.depa.payments.relay;

/**
 * Named points in the relay's settlement of one instruction, for the crash tests: a hook that
 * stops the process there (SIGKILL) or throws shows that a restart from that point pays once.
 */
@FunctionalInterface
public interface RelayHook {
    RelayHook NONE = (point, paymentId) -> {};

    /** Called at {@code point}: before-send, after-send, mined, after-confirm, after-record. */
    void at(String point, String paymentId);
}
