package org.depa.payments.relay;

import java.util.Map;
import java.util.TreeMap;

/**
 * The chain accounts of the payees: each TDP's own account and the account that receives its
 * data principals' share, by participant id (the relay's configuration).
 */
public final class PayeeAccounts {
    /** One TDP's accounts. */
    public record Accounts(String payee, String principals) {}

    private final Map<String, Accounts> byParticipant = new TreeMap<>();

    public PayeeAccounts put(String participantId, String payeeAddress, String principalsAddress) {
        byParticipant.put(participantId, new Accounts(payeeAddress, principalsAddress));
        return this;
    }

    /** The accounts of {@code participantId}, or null when the configuration names none. */
    public Accounts of(String participantId) {
        return byParticipant.get(participantId);
    }
}
