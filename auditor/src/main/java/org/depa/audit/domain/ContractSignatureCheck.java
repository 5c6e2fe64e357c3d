package org.depa.audit.domain;

import java.util.Base64;
import java.util.HashSet;
import org.depa.audit.report.CheckSink;
import org.depa.audit.report.Checks;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.PublicKeyInfo;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractSignature;
import org.depa.ledger.model.domain.Participant;

/**
 * Every stored contract signature is verified again, not taken on the chaincode's word: the
 * signer's certificate as registered on the ledger (and valid at the transaction's time), the
 * contract signing payload of that version's document in this channel and chaincode, and the
 * signer a party of the contract. Only signatures that pass count for activation.
 */
final class ContractSignatureCheck implements DomainCheck {
    private final String channel;

    ContractSignatureCheck(String channel) {
        this.channel = channel;
    }

    @Override
    public void check(DomainTx tx, DomainState before, CheckSink sink) {
        for (DomainTx.Entry e : tx.of(Types.SIGNATURE)) {
            ContractSignature s;
            try {
                s = e.as(ContractSignature.class);
            } catch (RecordException bad) {
                continue; // RecordCheck reports it
            }
            String scope = tx.scope(
                    "contract " + s.contractId() + " version " + s.version() + " signed by " + s.participantId());
            String problem = problem(tx, before, e, s);
            if (problem == null) {
                before.verifiedSigners
                        .computeIfAbsent(DomainState.versionKey(s.contractId(), s.version()), k -> new HashSet<>())
                        .add(s.participantId());
            }
            sink.verdict(
                    Checks.CONTRACT_SIGNATURE,
                    scope,
                    problem,
                    "verified under " + s.participantId() + "'s registered certificate (" + s.algorithm() + ")");
        }
    }

    private String problem(DomainTx tx, DomainState before, DomainTx.Entry e, ContractSignature s) {
        if (!e.key.id(0).equals(s.contractId()) || !e.key.id(2).equals(s.participantId())) {
            return "the signature of " + s.participantId() + " on " + s.contractId() + " is stored under " + e.key;
        }
        ContractRecord c = before.contracts.get(s.contractId());
        if (c == null) {
            return "contract '" + s.contractId() + "' was not on the ledger";
        }
        if (!DomainState.parties(c.terms()).contains(s.participantId())) {
            return "'" + s.participantId() + "' is not a party to contract '" + s.contractId() + "'";
        }
        String document = before.versionDocuments.get(DomainState.versionKey(s.contractId(), s.version()));
        if (document == null) {
            return "version " + s.version() + " of contract '" + s.contractId() + "' was never proposed";
        }
        Participant p = before.participants.get(s.participantId());
        if (p == null) {
            return "'" + s.participantId() + "' is not a registered participant";
        }
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(s.signature());
        } catch (IllegalArgumentException notBase64) {
            return "the signature is not base64";
        }
        if (!Hashes.sha256Hex(signature).equals(s.signatureSha256())) {
            return "signatureSha256 " + s.signatureSha256() + " is not the hash of the signature";
        }
        try {
            PublicKeyInfo key = Pem.certificate("certificatePem", p.certificatePem());
            if (!key.validAt(tx.time())) {
                return s.participantId() + "'s certificate was not valid at " + tx.time();
            }
            SignatureVerifier.verify(
                    key,
                    SigningPayloads.contract(
                            new SigningPayloads.Domain(channel, tx.chaincode), s.contractId(), s.version(), document),
                    signature);
        } catch (LedgerRuleException bad) {
            return "the signature does not verify under " + s.participantId() + "'s registered certificate over"
                    + " version " + s.version() + "'s signing payload (document " + document + "): " + bad.getMessage();
        }
        return null;
    }
}
