package org.depa.ledger.model.catalogue;

import java.util.List;
import org.depa.ledger.model.domain.ContractRecord;
import org.depa.ledger.model.domain.ContractSignature;
import org.depa.ledger.model.domain.ContractVersion;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.domain.SigningRequest;
import org.depa.ledger.model.tx.ContractActionRequest;
import org.depa.ledger.model.tx.ContractProposal;
import org.depa.ledger.model.tx.ContractVersionRef;
import org.depa.ledger.model.tx.ListByPartyRequest;
import org.depa.ledger.model.tx.SignContractRequest;

/** Multi-party DEPA contracts: propose, amend, sign, activate, revoke, expire. */
public final class Contracts {
    private static final Area AREA = new Area("contracts");

    public static final Tx<ContractProposal, ContractRecord> PROPOSE =
            AREA.submit("propose", ContractProposal.class, ContractRecord.class);

    /** New terms for a DRAFT: the version goes up and earlier signatures stop counting. */
    public static final Tx<ContractProposal, ContractRecord> AMEND =
            AREA.submit("amend", ContractProposal.class, ContractRecord.class);

    public static final Tx<SignContractRequest, ContractSignature> SIGN =
            AREA.submit("sign", SignContractRequest.class, ContractSignature.class);

    /** Every party signed the current version: the contract becomes ACTIVE and reserves its budgets. */
    public static final Tx<ContractActionRequest, ContractRecord> ACTIVATE =
            AREA.submit("activate", ContractActionRequest.class, ContractRecord.class);

    public static final Tx<ContractActionRequest, ContractRecord> REVOKE =
            AREA.submit("revoke", ContractActionRequest.class, ContractRecord.class);

    public static final Tx<ContractActionRequest, ContractRecord> EXPIRE =
            AREA.submit("expire", ContractActionRequest.class, ContractRecord.class);

    public static final Tx<String, ContractRecord> GET = AREA.byId("get", ContractRecord.class);

    public static final Tx<ContractVersionRef, ContractVersion> GET_VERSION =
            AREA.byVersion("getVersion", ContractVersion.class);

    /** Signatures on the current version, in party order. */
    public static final Tx<String, List<ContractSignature>> SIGNATURES =
            AREA.byId("signatures", ResultType.listOf(ContractSignature.class));

    /** The bytes a party signs for the current version. */
    public static final Tx<String, SigningRequest> SIGNING_PAYLOAD = AREA.byId("signingPayload", SigningRequest.class);

    /**
     * The contracts one party takes part in (any version's parties, in contract id order), or every
     * contract (the SRO and auditors only), a page at a time; from the contract-by-party index.
     */
    public static final Tx<ListByPartyRequest, Page<ContractRecord>> LIST =
            AREA.query("list", ListByPartyRequest.class, ResultType.pageOf(ContractRecord.class));

    /**
     * Writes a contract's party index entries: for contracts proposed before the index existed
     * (propose and amend write them); the SRO or a party of the contract; idempotent.
     */
    public static final Tx<ContractActionRequest, ContractRecord> INDEX =
            AREA.submit("index", ContractActionRequest.class, ContractRecord.class);

    private Contracts() {}
}
