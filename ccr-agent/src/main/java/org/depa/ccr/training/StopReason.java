package org.depa.ccr.training;

/** Why training stopped. */
public enum StopReason {
    /** all epochs the specification and the contract allow were run */
    EPOCHS_DONE,
    /** the next step would have spent more than the contract's epsilon */
    BUDGET_EXHAUSTED
}
