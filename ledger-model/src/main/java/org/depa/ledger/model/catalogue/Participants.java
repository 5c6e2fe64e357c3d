package org.depa.ledger.model.catalogue;

import org.depa.ledger.model.domain.Agreement;
import org.depa.ledger.model.domain.Governance;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.tx.BindClientRequest;
import org.depa.ledger.model.tx.PageRequest;
import org.depa.ledger.model.tx.ParticipantStatusRequest;
import org.depa.ledger.model.tx.PublishAgreementRequest;
import org.depa.ledger.model.tx.RegisterParticipantRequest;
import org.depa.ledger.model.tx.SignAgreementRequest;

/** The participant registry and the common agreement, governed by the SRO. */
public final class Participants {
    private static final Area AREA = new Area("participants");

    /** A participant registers itself, from its own organisation; it starts PENDING. */
    public static final Tx<RegisterParticipantRequest, Participant> REGISTER =
            AREA.submit("register", RegisterParticipantRequest.class, Participant.class);

    /** The SRO verifies a participant. */
    public static final Tx<ParticipantStatusRequest, Participant> VERIFY =
            AREA.submit("verify", ParticipantStatusRequest.class, Participant.class);

    /** The SRO suspends a participant, with a reason. */
    public static final Tx<ParticipantStatusRequest, Participant> SUSPEND =
            AREA.submit("suspend", ParticipantStatusRequest.class, Participant.class);

    /** The SRO publishes a version of the common agreement. */
    public static final Tx<PublishAgreementRequest, Agreement> PUBLISH_AGREEMENT =
            AREA.submit("publishAgreement", PublishAgreementRequest.class, Agreement.class);

    /** A verified participant signs the current agreement with its registered key. */
    public static final Tx<SignAgreementRequest, Participant> SIGN_AGREEMENT =
            AREA.submit("signAgreement", SignAgreementRequest.class, Participant.class);

    /** The SRO binds a participant to another client certificate (a rotated or lost enrolment key). */
    public static final Tx<BindClientRequest, Participant> BIND_CLIENT =
            AREA.submit("bindClient", BindClientRequest.class, Participant.class);

    public static final Tx<String, Participant> GET = AREA.byId("get", Participant.class);

    public static final Tx<PageRequest, Page<Participant>> LIST =
            AREA.query("list", PageRequest.class, ResultType.pageOf(Participant.class));

    public static final Tx<Void, Agreement> GET_AGREEMENT = AREA.noArguments("getAgreement", Agreement.class);

    /** The ledger's governance: the SRO's MSP id, the member organisations, the agreement in force. */
    public static final Tx<Void, Governance> GET_GOVERNANCE = AREA.noArguments("governance", Governance.class);

    private Participants() {}
}
