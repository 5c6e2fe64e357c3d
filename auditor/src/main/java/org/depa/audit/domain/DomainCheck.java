package org.depa.audit.domain;

import org.depa.audit.report.CheckSink;

/**
 * One concern of the domain replay. It sees a transaction's writes with the state as it was before
 * them, reports one result per object it judges, and may note what it established (a verified
 * signature, an attested run) for later checks; the replay then applies the writes.
 */
interface DomainCheck {
    void check(DomainTx tx, DomainState before, CheckSink sink);
}
