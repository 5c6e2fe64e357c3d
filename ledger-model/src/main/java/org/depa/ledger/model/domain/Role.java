package org.depa.ledger.model.domain;

/** What a participant does in the DEPA flow. The regulator (SRO) is an organisation, not a role. */
public enum Role {
    /** Training Data Provider: registers datasets and releases their keys. */
    TDP,
    /** Training Data Consumer: proposes contracts and receives the trained model. */
    TDC,
    /** Runs the confidential clean room on behalf of a TDC. */
    CCR_PROVIDER,
    /** Reads histories and evidence; never writes contract state. */
    AUDITOR,
    /**
     * The consortium's payment relay: the only participant whose settlement records the ledger
     * accepts (payments:settle), each naming the chain transaction that paid the instruction.
     */
    PAYMENT_RELAY
}
