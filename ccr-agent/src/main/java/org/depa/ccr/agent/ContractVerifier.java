package org.depa.ccr.agent;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.depa.ccr.agent.AgentException.Stage;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.crypto.Pem;
import org.depa.ledger.model.crypto.SignatureVerifier;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractSignature;
import org.depa.ledger.model.domain.ContractStatus;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.ParticipantStatus;

/**
 * The agent's own check of a contract, trusting nothing the host says: the document hash is
 * recomputed from the terms, every party's signature is verified against the certificate the
 * ledger registered for it, and the status, period, CCR provider and measurement are checked
 * here, inside the clean room, before any key is asked for.
 */
final class ContractVerifier {
    private final TypedLedger ledger;
    private final SigningPayloads.Domain domain;

    ContractVerifier(TypedLedger ledger, SigningPayloads.Domain domain) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.domain = Objects.requireNonNull(domain, "domain");
    }

    /** What a verified contract gives the run: the record and each party's registration. */
    record Verified(ContractRecord contract, Map<String, Participant> parties) {}

    Verified verify(String contractId, String ccrProviderId, String measurementHex, Instant now) {
        ContractRecord c;
        List<ContractSignature> signatures;
        try {
            c = ledger.evaluate(Contracts.GET, contractId);
            signatures = ledger.evaluate(Contracts.SIGNATURES, contractId);
        } catch (LedgerException e) {
            throw new AgentException(Stage.CONTRACT, "cannot read contract '" + contractId + "': " + e.getMessage(), e);
        }
        if (!c.contractId().equals(contractId)) {
            throw new AgentException(
                    Stage.CONTRACT, "asked for '" + contractId + "', the ledger answered '" + c.contractId() + "'");
        }
        if (c.status() != ContractStatus.ACTIVE) {
            throw new AgentException(Stage.CONTRACT, "contract '" + contractId + "' is " + c.status() + ", not ACTIVE");
        }
        Instant from = Instant.parse(c.terms().validFrom());
        Instant until = Instant.parse(c.terms().validUntil());
        if (now.isBefore(from) || !now.isBefore(until)) {
            throw new AgentException(
                    Stage.CONTRACT,
                    "contract '" + contractId + "' is valid from " + from + " until " + until + "; now is " + now);
        }
        if (!c.terms().ccrProviderId().equals(ccrProviderId)) {
            throw new AgentException(
                    Stage.CONTRACT,
                    "contract '" + contractId + "' names CCR provider '"
                            + c.terms().ccrProviderId() + "', this agent runs for '" + ccrProviderId + "'");
        }
        String measurement = measurementHex.toLowerCase(Locale.ROOT);
        if (c.terms().allowedMeasurements().stream().noneMatch(m -> m.equalsIgnoreCase(measurement))) {
            throw new AgentException(
                    Stage.CONTRACT,
                    "contract '" + contractId + "' does not allow this clean room's measurement " + measurement);
        }
        String document = Hashes.sha256Hex(Json.canonical(c.terms()));
        if (!document.equals(c.documentSha256())) {
            throw new AgentException(
                    Stage.CONTRACT,
                    "contract '" + contractId + "' terms hash to " + document + ", the record says "
                            + c.documentSha256());
        }
        byte[] payload = SigningPayloads.contract(domain, c.contractId(), c.version(), document);
        Map<String, ContractSignature> byParty = new LinkedHashMap<>();
        for (ContractSignature s : signatures) {
            if (s.version() == c.version() && s.contractId().equals(c.contractId())) {
                byParty.put(s.participantId(), s);
            }
        }
        Map<String, Participant> parties = new LinkedHashMap<>();
        for (String party : c.parties()) {
            ContractSignature s = byParty.get(party);
            if (s == null) {
                throw new AgentException(
                        Stage.CONTRACT,
                        "contract '" + contractId + "' v" + c.version() + " lacks the signature of '" + party + "'");
            }
            Participant p;
            try {
                p = ledger.evaluate(Participants.GET, party);
            } catch (LedgerException e) {
                throw new AgentException(Stage.CONTRACT, "cannot read party '" + party + "': " + e.getMessage(), e);
            }
            if (p.status() != ParticipantStatus.VERIFIED) {
                throw new AgentException(Stage.CONTRACT, "party '" + party + "' is " + p.status());
            }
            try {
                SignatureVerifier.verify(
                        Pem.certificate("certificatePem", p.certificatePem()),
                        payload,
                        Base64.getDecoder().decode(s.signature()));
            } catch (LedgerRuleException | IllegalArgumentException e) {
                throw new AgentException(
                        Stage.CONTRACT,
                        "signature of '" + party + "' on contract '" + contractId + "' v" + c.version()
                                + " does not verify: " + e.getMessage(),
                        e);
            }
            parties.put(party, p);
        }
        return new Verified(c, parties);
    }
}
