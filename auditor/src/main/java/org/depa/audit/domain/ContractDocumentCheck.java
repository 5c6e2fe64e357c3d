package org.depa.audit.domain;

import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractTerms;
import org.depa.ledger.model.domain.ContractVersion;

/**
 * The parties sign a contract version's documentSha256, not its terms: this check ties the two, so
 * that terms edited after signing (with the hash left alone) are caught. A version's document
 * never changes once proposed.
 */
final class ContractDocumentCheck implements DomainCheck {
    @Override
    public void check(DomainTx tx, DomainState before, CheckSink sink) {
        for (DomainTx.Entry e : tx.of(Types.CONTRACT_VERSION)) {
            try {
                ContractVersion v = e.as(ContractVersion.class);
                String scope = tx.scope("contract " + v.contractId() + " version " + v.version());
                String known = before.versionDocuments.get(DomainState.versionKey(v.contractId(), v.version()));
                String problem = hashProblem(v.terms(), v.documentSha256());
                if (problem == null && known != null && !known.equals(v.documentSha256())) {
                    problem = "version " + v.version() + " was proposed with document " + known + "; it now says "
                            + v.documentSha256();
                }
                sink.verdict(
                        Checks.CONTRACT_DOCUMENT, scope, problem, "document " + v.documentSha256() + " is its terms");
            } catch (RecordException bad) {
                // RecordCheck reports it
            }
        }
        for (DomainTx.Entry e : tx.of(Types.CONTRACT)) {
            try {
                ContractRecord c = e.as(ContractRecord.class);
                String scope = tx.scope("contract " + c.contractId() + " version " + c.version());
                String problem = hashProblem(c.terms(), c.documentSha256());
                String known = before.versionDocuments.get(DomainState.versionKey(c.contractId(), c.version()));
                String sameTx = tx.of(Types.CONTRACT_VERSION).isEmpty() ? null : "proposed here";
                if (problem == null && known == null && sameTx == null) {
                    problem = "version " + c.version() + " of contract '" + c.contractId() + "' was never proposed";
                } else if (problem == null && known != null && !known.equals(c.documentSha256())) {
                    problem = "the contract's document " + c.documentSha256() + " is not version " + c.version()
                            + "'s document " + known;
                }
                sink.verdict(
                        Checks.CONTRACT_DOCUMENT, scope, problem, "document " + c.documentSha256() + " is its terms");
            } catch (RecordException bad) {
                // RecordCheck reports it
            }
        }
    }

    private static String hashProblem(ContractTerms terms, String documentSha256) {
        String actual = Hashes.sha256Hex(Json.canonical(terms));
        return actual.equals(documentSha256)
                ? null
                : "documentSha256 " + documentSha256 + " is not the hash of the terms stored with it (" + actual + ")";
    }
}
