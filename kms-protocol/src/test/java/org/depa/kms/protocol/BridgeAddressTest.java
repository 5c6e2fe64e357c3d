package org.depa.kms.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** A bridge's registered address: the base requests go to, and the server certificate it pins; anything else refused. */
class BridgeAddressTest {
    private static final String SHA = "ab".repeat(32);

    @Test
    void anAddressWithoutAFragmentPinsNothing() {
        BridgeAddress a = BridgeAddress.parse(URI.create("http://127.0.0.1:8091/"));
        assertThat(a.base()).isEqualTo(URI.create("http://127.0.0.1:8091/"));
        assertThat(a.certificateSha256()).isEmpty();
        assertThat(a.address()).isEqualTo(a.base());
    }

    @Test
    void aPinIsReadNormalisedAndNotPartOfTheBase() {
        BridgeAddress a =
                BridgeAddress.parse(URI.create("https://127.0.0.1:8681#tls-cert-sha256=" + SHA.toUpperCase()));
        assertThat(a.base()).isEqualTo(URI.create("https://127.0.0.1:8681"));
        assertThat(a.certificateSha256()).contains(SHA);
        assertThat(BridgeAddress.pinned(URI.create("https://127.0.0.1:8681"), SHA))
                .isEqualTo(URI.create("https://127.0.0.1:8681#tls-cert-sha256=" + SHA));
        assertThat(HttpKeyReleaseClient.resolve(a.base(), KmsPaths.CHALLENGE).toString())
                .isEqualTo("https://127.0.0.1:8681/" + KmsPaths.CHALLENGE);
    }

    @Test
    void anythingElseAfterTheHashIsRefusedNamingIt() {
        assertThatThrownBy(() -> BridgeAddress.parse(URI.create("https://h:1#bytes=12")))
                .hasMessageContaining("'bytes=12'")
                .hasMessageContaining("only tls-cert-sha256=<sha256 hex>");
        assertThatThrownBy(() -> BridgeAddress.parse(URI.create("https://h:1#tls-cert-sha256=" + SHA + "&bytes=1")))
                .hasMessageContaining("not 64 hex digits");
        assertThatThrownBy(() -> BridgeAddress.parse(URI.create("https://h:1#tls-cert-sha256=abc")))
                .hasMessageContaining("'abc', which is not 64 hex digits");
    }

    @Test
    void aPinOnPlainHttpIsRefused() {
        assertThatThrownBy(() -> BridgeAddress.parse(URI.create("http://127.0.0.1:8681#tls-cert-sha256=" + SHA)))
                .hasMessageContaining("pins a TLS certificate but is not https");
    }

    @Test
    void theClientRefusesABadAddressBeforeSendingAnything() {
        KeyReleaseClient client = KeyReleaseClient.create();
        assertThatThrownBy(() -> client.challenge(URI.create("https://127.0.0.1:1#what=ever"), "run-1"))
                .isInstanceOf(ChallengeException.class)
                .hasMessageContaining("only tls-cert-sha256");
    }
}
