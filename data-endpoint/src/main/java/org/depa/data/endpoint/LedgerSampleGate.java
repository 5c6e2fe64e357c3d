package org.depa.data.endpoint;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.depa.ledger.client.LedgerException;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.ErrorCode;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.domain.ParticipantStatus;
import org.depa.ledger.model.tx.PageRequest;

/** {@link SampleGate#ledger}: the registry decides, fresh on every request. */
final class LedgerSampleGate implements SampleGate {
    private static final int PAGE = 200;

    private final TypedLedger ledger;
    private final Map<String, String> gateways = new HashMap<>();

    LedgerSampleGate(TypedLedger ledger, Map<String, String> gateways) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        gateways.forEach((sha, msp) -> this.gateways.put(sha.trim().toLowerCase(Locale.ROOT), msp));
    }

    @Override
    public Admitted admit(X509Certificate[] peer, String onBehalfOf) throws Refused {
        if (peer == null || peer.length == 0) {
            throw new Refused(
                    401,
                    "NO_CLIENT_CERTIFICATE",
                    "the sample is served only to consortium members over mutual TLS; no client certificate was"
                            + " presented");
        }
        String sha256 = sha256(peer[0]);
        String gatewayMsp = gateways.get(sha256);
        if (gatewayMsp != null) {
            if (onBehalfOf == null || onBehalfOf.isBlank()) {
                throw new Refused(
                        400,
                        "MISSING_PARTICIPANT",
                        "the gateway of " + gatewayMsp + " must name the participant it acts for in "
                                + DataPaths.ON_BEHALF_OF);
            }
            Participant p = participant(onBehalfOf);
            if (p == null) {
                throw new Refused(403, "NOT_A_MEMBER", "participant '" + onBehalfOf + "' is not registered");
            }
            if (!p.mspId().equals(gatewayMsp)) {
                throw new Refused(
                        403,
                        "NOT_PERMITTED",
                        "the gateway of " + gatewayMsp + " cannot act for participant '" + p.id() + "' of "
                                + p.mspId());
            }
            return inGoodStanding(p, "gateway:" + gatewayMsp);
        }
        Participant p = byCertificate(sha256);
        if (p == null) {
            throw new Refused(
                    403,
                    "NOT_A_MEMBER",
                    "the client certificate (sha256 " + sha256 + ") is neither a registered participant's nor a"
                            + " pinned gateway's");
        }
        if (onBehalfOf != null && !onBehalfOf.equals(p.id())) {
            throw new Refused(
                    403, "NOT_PERMITTED", "participant '" + p.id() + "' cannot fetch a sample for someone else");
        }
        return inGoodStanding(p, "direct");
    }

    private static Admitted inGoodStanding(Participant p, String via) throws Refused {
        if (p.status() == ParticipantStatus.SUSPENDED) {
            throw new Refused(403, "PARTICIPANT_SUSPENDED", "participant '" + p.id() + "' is suspended");
        }
        if (p.status() != ParticipantStatus.VERIFIED) {
            throw new Refused(403, "PARTICIPANT_NOT_VERIFIED", "participant '" + p.id() + "' is not verified yet");
        }
        return new Admitted(p.id(), via);
    }

    private Participant participant(String id) throws Refused {
        try {
            return ledger.evaluate(Participants.GET, id);
        } catch (LedgerException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw unavailable(e);
        }
    }

    private Participant byCertificate(String sha256) throws Refused {
        String bookmark = null;
        try {
            do {
                Page<Participant> page = ledger.evaluate(Participants.LIST, new PageRequest(PAGE, bookmark));
                for (Participant p : page.items()) {
                    if (p.certificateSha256().equalsIgnoreCase(sha256)) {
                        return ledger.evaluate(Participants.GET, p.id());
                    }
                }
                bookmark = page.items().size() < PAGE ? null : page.bookmark();
            } while (bookmark != null && !bookmark.isEmpty());
        } catch (LedgerException e) {
            throw unavailable(e);
        }
        return null;
    }

    private static Refused unavailable(LedgerException e) {
        return new Refused(503, "LEDGER_UNAVAILABLE", "the ledger cannot be read: " + e.getMessage());
    }

    private static String sha256(X509Certificate c) {
        try {
            return Hashes.sha256Hex(c.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a verified client certificate", e);
        }
    }
}
