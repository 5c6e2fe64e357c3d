package org.depa.ledger.model.tx;

/**
 * contracts:list and jobs:list: the objects one party takes part in, or every object, a page at a
 * time in id order.
 *
 * @param readerId the participant reading (its own client identity); null for the SRO's
 *     organisation
 * @param partyId whose contracts or jobs; null lists every one, which only the SRO and auditors may
 * @param pageSize 1..200, default 50
 * @param bookmark from the previous page of the same listing; null or empty for the first
 */
public record ListByPartyRequest(String readerId, String partyId, Integer pageSize, String bookmark) {}
