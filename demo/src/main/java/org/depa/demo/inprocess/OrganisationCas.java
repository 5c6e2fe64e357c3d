package org.depa.demo.inprocess;

import java.util.HashMap;
import java.util.Map;
import org.depa.testkit.CertificateAuthority;

/**
 * The organisations' CAs of an embedded-ledger run, one per MSP, made when first needed (testkit's
 * CA: the demo is a convenience, not a deployment). Each issues its parties' client certificates,
 * one per party, so no two parties of an organisation share a client identity. The embedded
 * ledger takes the MSP id it is given; on Fabric the MSP checks the issuer itself.
 */
final class OrganisationCas {
    private final Map<String, CertificateAuthority> cas = new HashMap<>();

    /** A new client certificate (PEM) for {@code partyId} of {@code mspId}, over a fresh key. */
    synchronized String client(String mspId, String partyId) {
        CertificateAuthority ca = cas.computeIfAbsent(mspId, m -> CertificateAuthority.create(m + " CA"));
        return ca.tlsClient(partyId + "." + mspId).certificatePem();
    }
}
