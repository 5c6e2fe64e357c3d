package org.depa.gateway.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.ledger.LedgerConnections;
import org.depa.ledger.client.TypedLedger;
import org.depa.ledger.model.Hashes;
import org.depa.ledger.model.catalogue.Participants;
import org.depa.ledger.model.domain.Page;
import org.depa.ledger.model.domain.Participant;
import org.depa.ledger.model.tx.PageRequest;

/**
 * Maps a client certificate to a registered participant by the certificate's SHA-256, as the
 * registry records it. Which certificate belongs to which participant never changes, so that
 * mapping is cached; the participant itself (status, agreement) is read fresh on every request,
 * so a suspension takes effect on the next call.
 */
@ApplicationScoped
public class CallerResolver {
    private static final int PAGE = 200;

    @Inject
    LedgerConnections ledgers;

    @Inject
    GatewayConfig config;

    private final Map<String, String> participantByCertificate = new ConcurrentHashMap<>();

    public Caller resolve(X509Certificate certificate) {
        Objects.requireNonNull(certificate, "certificate");
        byte[] der;
        try {
            der = certificate.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("cannot encode a verified client certificate", e);
        }
        String sha256 = Hashes.sha256Hex(der);
        String pem = pem(der);
        if (operators().contains(sha256)) {
            return new Caller(sha256, pem, null, true);
        }
        String id = participantByCertificate.get(sha256);
        if (id == null) {
            refresh();
            id = participantByCertificate.get(sha256);
        }
        if (id == null) {
            return new Caller(sha256, pem, null, false);
        }
        return new Caller(sha256, pem, participant(id), false);
    }

    /** True when the gateway acts for organisation {@code mspId}. */
    public boolean serves(String mspId) {
        return ledgers.serves(mspId);
    }

    private Participant participant(String id) {
        return new TypedLedger(ledgers.reader()).evaluate(Participants.GET, id);
    }

    /** Reads the whole registry once more: a certificate not seen before may have been registered since. */
    private synchronized void refresh() {
        String bookmark = null;
        do {
            Page<Participant> page =
                    new TypedLedger(ledgers.reader()).evaluate(Participants.LIST, new PageRequest(PAGE, bookmark));
            for (Participant p : page.items()) {
                participantByCertificate.put(p.certificateSha256().toLowerCase(Locale.ROOT), p.id());
            }
            bookmark = page.items().size() < PAGE ? null : page.bookmark();
        } while (bookmark != null && !bookmark.isEmpty());
    }

    private Set<String> operators() {
        Set<String> set = new HashSet<>();
        for (String s : config.sroOperators().orElse(List.of())) {
            set.add(s.trim().toLowerCase(Locale.ROOT));
        }
        return set;
    }

    private static String pem(byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN CERTIFICATE-----\n" + body + "\n-----END CERTIFICATE-----\n";
    }
}
