package org.depa.data.endpoint;

import java.security.cert.X509Certificate;
import java.util.Map;
import org.depa.ledger.client.TypedLedger;

/**
 * Who may have a dataset's sample: a member of the consortium in good standing, identified by the
 * certificate it presented over mutual TLS. Either the participant's own certificate (the one the
 * registry holds), or an organisation's gateway certificate pinned here, acting for a participant
 * of that same organisation named in {@link DataPaths#ON_BEHALF_OF}.
 */
public interface SampleGate {
    /** Who was let in: the participant, and how it came ({@code direct} or {@code gateway:<MSP id>}). */
    record Admitted(String participantId, String via) {}

    /** A refusal: the HTTP status to answer and the reason, which names what is wrong. */
    final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        public Refused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }

        public int status() {
            return status;
        }

        public String code() {
            return code;
        }
    }

    /**
     * @param peer the verified client certificate chain, or null when the client presented none
     * @param onBehalfOf the {@link DataPaths#ON_BEHALF_OF} header, or null
     */
    Admitted admit(X509Certificate[] peer, String onBehalfOf) throws Refused;

    /**
     * The gate over the ledger's participant registry, read fresh on every request (a suspension
     * takes effect at once).
     *
     * @param gateways SHA-256 (hex, of the DER certificate) of each organisation gateway's client
     *     certificate, to the MSP id it acts for
     */
    static SampleGate ledger(TypedLedger ledger, Map<String, String> gateways) {
        return new LedgerSampleGate(ledger, gateways);
    }
}
