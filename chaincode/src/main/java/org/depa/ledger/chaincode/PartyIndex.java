package org.depa.ledger.chaincode;

import java.util.List;
import java.util.TreeSet;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.model.domain.TrainingJob;
import org.depa.ledger.model.tx.ListByPartyRequest;

/**
 * The per-party indexes of contracts and jobs, and who may walk them. Entries are (party id,
 * object id) keys written in the transaction that creates the object (or changes its parties), so
 * a listing is one range scan in id order, the same on every peer. A participant lists only what
 * it is a party to; the SRO's organisation and auditors, who may read every contract already, may
 * list every one.
 */
final class PartyIndex {
    private PartyIndex() {}

    /** Indexes the contract under each party of its current version; parties an amendment dropped lose theirs. */
    static void contract(DepaContext ctx, ContractRecord c, List<String> partiesBefore) {
        for (String party : partiesBefore) {
            if (!c.parties().contains(party)) {
                ctx.state().delete(ObjectType.CONTRACT_BY_PARTY, party, c.contractId());
            }
        }
        for (String party : c.parties()) {
            ctx.state().putIndex(ObjectType.CONTRACT_BY_PARTY, party, c.contractId());
        }
    }

    /** Indexes the job under each party of its contracts, in party order. */
    static void job(DepaContext ctx, TrainingJob job, TreeSet<String> parties) {
        for (String party : parties) {
            ctx.state().putIndex(ObjectType.JOB_BY_PARTY, party, job.jobId());
        }
    }

    /** The parties of a job: those of its contracts (the TDC, the CCR provider, the TDPs). */
    static TreeSet<String> jobParties(DepaContext ctx, TrainingJob job) {
        TreeSet<String> parties = new TreeSet<>();
        for (String contractId : job.contractIds()) {
            parties.addAll(ctx.state()
                    .get(ObjectType.CONTRACT, ContractRecord.class, contractId)
                    .parties());
        }
        return parties;
    }

    static Page<ContractRecord> contracts(DepaContext ctx, ListByPartyRequest r) {
        String party = partyToList(ctx, r, "contracts");
        if (party == null) {
            return ctx.state().page(ObjectType.CONTRACT, r.pageSize(), r.bookmark(), ids -> contract(ctx, ids.get(0)));
        }
        return ctx.state()
                .page(
                        ObjectType.CONTRACT_BY_PARTY,
                        r.pageSize(),
                        r.bookmark(),
                        ids -> contract(ctx, ids.get(1)),
                        party);
    }

    static Page<TrainingJob> jobs(DepaContext ctx, ListByPartyRequest r) {
        String party = partyToList(ctx, r, "jobs");
        if (party == null) {
            return ctx.state().page(ObjectType.JOB, r.pageSize(), r.bookmark(), ids -> job(ctx, ids.get(0)));
        }
        return ctx.state()
                .page(ObjectType.JOB_BY_PARTY, r.pageSize(), r.bookmark(), ids -> job(ctx, ids.get(1)), party);
    }

    /**
     * The party whose objects the reader may list, or null for all of them. The reader is checked
     * as an actor: its own client identity, in good standing (a colleague of the same organisation
     * is not the participant); without a reader, the submitter must be of the SRO's organisation.
     */
    static String partyToList(DepaContext ctx, ListByPartyRequest r, String what) {
        String party = r.partyId() == null ? null : Fields.id("partyId", r.partyId());
        if (r.readerId() == null) {
            Guard.requireSro(ctx, "list " + what + " without naming the reading participant");
            return party;
        }
        Participant reader = Guard.actor(ctx, Fields.id("readerId", r.readerId()));
        if (reader.role() == Role.AUDITOR) {
            return party;
        }
        if (party == null) {
            throw new LedgerRuleException(
                    ErrorCode.WRONG_ROLE,
                    "participant '" + reader.id() + "' is a " + reader.role()
                            + "; only the SRO and auditors list every " + what.substring(0, what.length() - 1)
                            + ", others name themselves as 'partyId'");
        }
        if (!party.equals(reader.id())) {
            throw new LedgerRuleException(
                    ErrorCode.NOT_A_PARTY,
                    "participant '" + reader.id() + "' may list only its own " + what + ", not those of '" + party
                            + "'");
        }
        return party;
    }

    /**
     * Who may index an object made before the index: the SRO's organisation (no participant named)
     * or, acting as itself, one of the object's parties.
     */
    static void requireIndexer(DepaContext ctx, String participantId, List<String> parties, String object) {
        if (participantId == null) {
            Guard.requireSro(ctx, "index " + object + " without naming a party");
            return;
        }
        String actor = Fields.id("participantId", participantId);
        if (!parties.contains(actor)) {
            throw new LedgerRuleException(ErrorCode.NOT_A_PARTY, "'" + actor + "' is not a party of " + object);
        }
        Guard.actor(ctx, actor);
    }

    private static ContractRecord contract(DepaContext ctx, String id) {
        return ctx.state().get(ObjectType.CONTRACT, ContractRecord.class, id);
    }

    private static TrainingJob job(DepaContext ctx, String id) {
        return ctx.state().get(ObjectType.JOB, TrainingJob.class, id);
    }
}
