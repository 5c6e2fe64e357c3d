package org.depa.testkit.onboarding;

import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.depa.ledger.model.catalogue.Contracts;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.catalogue.TypedCalls;
import org.depa.ledger.model.crypto.SigningPayloads;
import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractSignature;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.SigningRequest;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.ParticipantStatusRequest;
import org.depa.ledger.model.tx.PublishAgreementRequest;
import org.depa.ledger.model.tx.SignAgreementRequest;
import org.depa.ledger.model.tx.SignContractRequest;

/**
 * The consortium's onboarding through the real transactions of the catalogue: the SRO publishes
 * the common agreement, a participant registers itself, the SRO verifies it, it signs the
 * agreement; a TDC proposes a contract, every party signs it, the TDC activates it. Each
 * transaction is made by the party the chaincode expects; signatures are made here with the
 * member's own key over the payload the chaincode verifies.
 *
 * <p>One place for the sequence the demo, the tests' worlds and the benchmarks all need; it takes
 * {@link TypedCalls} only, so it runs on the embedded ledger, the Fabric network or a gateway alike.
 */
public final class Onboarding {
    private final SigningPayloads.Domain domain;
    private final TypedCalls sro;

    /**
     * @param domain the channel and chaincode every signing payload names
     * @param sro the regulator's calls: it publishes the agreement and verifies participants
     */
    public Onboarding(SigningPayloads.Domain domain, TypedCalls sro) {
        this.domain = Objects.requireNonNull(domain, "domain");
        this.sro = Objects.requireNonNull(sro, "sro");
    }

    public SigningPayloads.Domain domain() {
        return domain;
    }

    public Agreement publishAgreement(String version, String textSha256) {
        return sro.submit(Participants.PUBLISH_AGREEMENT, new PublishAgreementRequest(version, textSha256));
    }

    /** The member registers itself; it stays PENDING until the SRO verifies it. */
    public Participant register(Member m) {
        return m.ledger().submit(Participants.REGISTER, m.registration());
    }

    /** The SRO verifies {@code participantId}; {@code note} is recorded with the status (may be null). */
    public Participant verify(String participantId, String note) {
        return sro.submit(Participants.VERIFY, new ParticipantStatusRequest(participantId, note));
    }

    /** The member signs agreement {@code a} with its own key. */
    public Participant signAgreement(Member m, Agreement a) {
        byte[] payload = SigningPayloads.agreement(domain, m.id(), a.version(), a.textSha256());
        return m.ledger()
                .submit(Participants.SIGN_AGREEMENT, new SignAgreementRequest(m.id(), a.version(), m.sign(payload)));
    }

    /** Registered, verified (with {@code note}), agreement {@code a} signed: the member may act. */
    public Participant onboard(Member m, Agreement a, String note) {
        register(m);
        verifyOnceVisible(m.id(), note);
        return signAgreement(m, a);
    }

    /**
     * The SRO verifies a participant another organisation's peer has just committed. On Fabric a submit returns once
     * the submitting gateway's own peer has committed the block; the SRO's peer may be some milliseconds behind and
     * answer NOT_FOUND for the participant just registered (seen in CI). So that answer, naming this participant, is
     * asked again for up to 10 s; any other refusal, or NOT_FOUND after that, is the answer.
     */
    private Participant verifyOnceVisible(String participantId, String note) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                return verify(participantId, note);
            } catch (RuntimeException e) {
                // The ledger's NOT_FOUND for exactly this participant (testkit sees the client's exception only
                // as a RuntimeException: it does not depend on ledger-client).
                boolean lagging =
                        String.valueOf(e.getMessage()).contains("participant '" + participantId + "' does not exist");
                if (!lagging || System.nanoTime() > deadline) {
                    throw e;
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    public ContractRecord propose(Member tdc, ContractProposal proposal) {
        return tdc.ledger().submit(Contracts.PROPOSE, proposal);
    }

    /**
     * The party fetches the signing payload of the contract's current version, signs it with its
     * own key and submits the signature: what a party does that holds no copy of the contract.
     */
    public ContractSignature sign(Member party, String contractId) {
        SigningRequest s = party.ledger().evaluate(Contracts.SIGNING_PAYLOAD, contractId);
        byte[] payload = Base64.getDecoder().decode(s.payloadBase64());
        return party.ledger()
                .submit(
                        Contracts.SIGN,
                        new SignContractRequest(s.contractId(), s.version(), party.id(), party.sign(payload)));
    }

    /** The party signs {@code version} of the contract from the record it holds, without a query. */
    public ContractSignature sign(Member party, ContractRecord version) {
        byte[] payload =
                SigningPayloads.contract(domain, version.contractId(), version.version(), version.documentSha256());
        return party.ledger()
                .submit(
                        Contracts.SIGN,
                        new SignContractRequest(
                                version.contractId(), version.version(), party.id(), party.sign(payload)));
    }

    /** The TDC activates: every signature present, each dataset's epsilon is reserved. */
    public ContractRecord activate(Member tdc, String contractId) {
        return tdc.ledger().submit(Contracts.ACTIVATE, new ContractActionRequest(contractId, tdc.id(), null));
    }

    /** Proposed by {@code tdc}, signed by every one of {@code signers} from the proposed record, activated. */
    public ContractRecord activeContract(Member tdc, ContractProposal proposal, List<Member> signers) {
        ContractRecord draft = propose(tdc, proposal);
        for (Member m : signers) {
            sign(m, draft);
        }
        return activate(tdc, draft.contractId());
    }
}
