package org.depa.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Jazzer fuzz tests of the report parser and the certificate and CRL parsers. Under plain {@code mvn verify} they
 * replay their corpus (src/test/resources/org/depa/attestation/ParserFuzzTestInputs/&lt;method&gt;/) and an empty
 * input; with {@code JAZZER_FUZZ=1} they fuzz (see the attestation README). The property in each: any input yields
 * a verdict with reasons or the parser's typed exception, never another exception, and nothing but the genuine
 * bytes is accepted.
 */
class ParserFuzzTest {
    private static final SnpVerifier VERIFIER = TestData.verifier();
    private static final byte[] GENUINE_REPORT = TestData.milanReport();
    private static final List<byte[]> GENUINE_CHAIN =
            der(TestData.withAskArk(TestData.milanVcek(), "ask_ark_milan.pem"));

    @FuzzTest(maxDuration = "30s")
    void reportParser(byte[] report) {
        Verdict v = VERIFIER.verifyEncoded(report, GENUINE_CHAIN, VerificationPolicy.defaults());

        assertThat(v.accepted()).isEqualTo(Arrays.equals(report, GENUINE_REPORT));
        assertThat(v.reasons()).doesNotContain(ReasonCode.INTERNAL_ERROR);
    }

    @FuzzTest(maxDuration = "30s")
    void certificateParser(byte[] content) {
        try {
            List<X509Certificate> parsed = CertificateLoader.parse(content);
            assertThat(parsed).isNotEmpty();
        } catch (CertificateException expected) {
            // the typed refusal
        }
        // The same bytes as the leaf of a chain: a verdict, never an exception, and no acceptance unless genuine.
        List<byte[]> chain = new ArrayList<>(GENUINE_CHAIN);
        chain.set(0, content);
        Verdict v = VERIFIER.verifyEncoded(GENUINE_REPORT, chain, VerificationPolicy.defaults());
        assertThat(v.accepted()).isEqualTo(Arrays.equals(content, GENUINE_CHAIN.get(0)));
        assertThat(v.reasons()).doesNotContain(ReasonCode.INTERNAL_ERROR);
    }

    @FuzzTest(maxDuration = "30s")
    void crlParser(byte[] content) {
        try {
            assertThat(CertificateLoader.parseCrl(content)).isNotNull();
        } catch (CRLException expected) {
            // the typed refusal
        }
    }

    private static List<byte[]> der(List<X509Certificate> chain) {
        List<byte[]> out = new ArrayList<>();
        for (X509Certificate c : chain) {
            try {
                out.add(c.getEncoded());
            } catch (CertificateEncodingException e) {
                throw new IllegalStateException(e);
            }
        }
        return out;
    }
}
