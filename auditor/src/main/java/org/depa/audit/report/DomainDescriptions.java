package org.depa.audit.report;

import java.util.Map;

/** What the domain replay's and the embedded ledger's checks prove (kept apart from {@link Checks} for size). */
final class DomainDescriptions {
    private DomainDescriptions() {}

    static void add(Map<String, String> d) {
        d.put(
                Checks.DOMAIN_RECORDS,
                "every value the chaincode's writes hold under a known object type is that type's record (a value the chaincode could not have written fails)");
        d.put(
                Checks.CONTRACT_DOCUMENT,
                "each contract version's documentSha256 is the SHA-256 of its terms' canonical JSON, so a signature over the hash is a signature over the terms");
        d.put(
                Checks.CONTRACT_SIGNATURE,
                "each contract signature verifies under the signer's registered certificate (valid at the time) over the contract signing payload of that version, and the signer is a party in good standing (the SRO registry VERIFIED, the agreement in force signed)");
        d.put(
                Checks.CONTRACT_ACTIVATION,
                "a contract becomes ACTIVE only from DRAFT, before validUntil, when every party its terms name (TDC, CCR provider, each dataset's owner) had a verified signature on that version and is still in good standing, reserving each clause's epsilon");
        d.put(
                Checks.RUN_ATTESTATION,
                "each run's start report and chain verify to AMD's roots at the start's timestamp (a development root only when the ledger records one, flagged), REPORT_DATA binds the run id, contract and run key, the run records the report's measurement, chip and TCB, and the measurement is certified and allowed by an ACTIVE contract in its validity window; a run's binding never changes after the start");
        d.put(
                Checks.KEY_RELEASE,
                "each key release is for a started, attested run of an ACTIVE contract inside its validity window, by the dataset's owner, for the run's measurement (certified, allowed by the contract), the run's chip and TCB, and signed by the run key; each release of a sealed model spec's key is by the job's TDC, to a started, attested run of that RUNNING job, for the job's commitment, with the same measurement, chip, TCB and run-key checks");
        d.put(
                Checks.RECEIPT_SIGNATURE,
                "each receipt is the only one of a started run, signed by the run key the run's verified attestation report binds, names that report, and comes while the contract is in force with every dataset's key released");
        d.put(
                Checks.RECEIPT_EPSILON,
                "each receipt accounts for exactly the contract's datasets, with the contract's ciphertext hashes, each epsilon spent within its clause");
        d.put(
                Checks.BUDGET,
                "at every block each dataset's reserved plus spent epsilon stays within its total, spending moves only with a receipt (by its epsilon), reservations only with activations and closings (by the clauses), and the total only with the dataset's own terms written in the same transaction (to exactly their total and delta)");
        d.put(
                Checks.PAYMENT,
                "each receipt creates one instruction per TDP in its transaction, for the sum of that TDP's clauses, split by the contract's data-principal share, from the TDC, in the contract's currency; settling changes no amount or party");
        d.put(
                Checks.CHAIN_SETTLEMENT,
                "with --chain: each SETTLED payment matches a Settled event of the pinned escrow on the payment chain (chain id, a successful transaction in the recorded block, instruction, contract, receipt hash, both amounts, the payees of the signed terms)");
        d.put(
                Checks.LINE_FORMAT,
                "each line of ledger.jsonl is UTF-8, a ledger entry, and byte for byte its own RFC 8785 canonical form");
        d.put(Checks.LINE_SEQUENCE, "lines hold blocks 1, 2, 3, ... with none missing, repeated or moved");
        d.put(Checks.LINE_HASH_CHAIN, "each line's previousHash is the SHA-256 of the line before it");
        d.put(Checks.LINE_SIGNATURE, "each line is signed by the ledger's node key (Ed25519, node.pub)");
        d.put(
                Checks.HEAD_FILE,
                "head.json is signed by the node key and names the last line (or the one before, after a crash) with that line's hash");
        d.put(
                Checks.EMBEDDED_TRUST_ANCHOR,
                "the first line's hash equals the one the auditor pinned (--genesis-hash); printed when none is given");
        d.put(
                Checks.EMBEDDED_HEAD,
                "a line of the ledger hashes to the head the auditor recorded earlier (--expect-head): nothing up to it was truncated or edited");
    }
}
