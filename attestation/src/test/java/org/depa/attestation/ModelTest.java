package org.depa.attestation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.util.encoders.Hex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The public value types: TCB layouts, product names, policy validation, the verdict invariant. */
class ModelTest {

    @ParameterizedTest
    @CsvSource({
        // product, hex of TCB_VERSION bytes, fmc, bl, tee, snp, ucode
        "MILAN, 0300000000000873, 0, 3, 0, 8, 115",
        "GENOA, 0a00000000001b58, 0, 10, 0, 27, 88",
        "TURIN, 0102030400000009, 1, 2, 3, 4, 9",
    })
    void tcbLayoutPerProduct(SnpProduct product, String hex, int fmc, int bl, int tee, int snp, int ucode) {
        TcbVersion tcb = new TcbVersion(fmc, bl, tee, snp, ucode);

        assertThat(TcbVersion.fromBytes(product, Hex.decode(hex))).isEqualTo(tcb);
        assertThat(Hex.toHexString(tcb.toBytes(product))).isEqualTo(hex);
    }

    @Test
    void reservedTcbBytesDependOnTheProduct() {
        byte[] milanSnpByte = Hex.decode("0000000000000100"); // byte 6: SNP on Milan, reserved on Turin
        byte[] turinSnpByte = Hex.decode("0000000100000000"); // byte 3: SNP on Turin, reserved on Milan

        assertThat(TcbVersion.reservedBytesZero(SnpProduct.MILAN, milanSnpByte)).isTrue();
        assertThat(TcbVersion.reservedBytesZero(SnpProduct.TURIN, milanSnpByte)).isFalse();
        assertThat(TcbVersion.reservedBytesZero(SnpProduct.TURIN, turinSnpByte)).isTrue();
        assertThat(TcbVersion.reservedBytesZero(SnpProduct.GENOA, turinSnpByte)).isFalse();
    }

    @Test
    void fmcCannotBeEncodedForProductsWithoutIt() {
        assertThatThrownBy(() -> new TcbVersion(1, 0, 0, 0, 0).toBytes(SnpProduct.GENOA))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void minimumIsComparedComponentByComponent() {
        TcbVersion reported = TcbVersion.of(3, 0, 8, 115);

        assertThat(reported.isAtLeast(TcbVersion.of(3, 0, 8, 115))).isTrue();
        assertThat(reported.isAtLeast(TcbVersion.of(2, 0, 7, 100))).isTrue();
        // Higher microcode does not make up for an older SNP firmware.
        assertThat(TcbVersion.of(3, 0, 7, 200).isAtLeast(TcbVersion.of(3, 0, 8, 115)))
                .isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "Milan-B0, MILAN",
        "Milan-B1, MILAN",
        "Genoa, GENOA",
        "Genoa-B2, GENOA",
        "Turin, TURIN",
        "Turin-B0, TURIN",
        "Rome, ",
        "milan, ",
        "Milan-, ",
        "Milan-B0x, ",
        "Milan B0, ",
    })
    void productNames(String name, SnpProduct expected) {
        assertThat(SnpProduct.fromProductName(name)).isEqualTo(Optional.ofNullable(expected));
    }

    @Test
    void policyRefusesMalformedValues() {
        VerificationPolicy p = VerificationPolicy.defaults();

        assertThatThrownBy(() -> p.withExpectedVmpl(4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.withExpectedReportData(new byte[63])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.withAllowedMeasurementsHex(List.of("abc")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(p.withAllowedMeasurementsHex(List.of("AB".repeat(48))).allowedMeasurements())
                .contains(java.util.Set.of("ab".repeat(48)));
    }

    @Test
    void defaultPolicyIsStrict() {
        VerificationPolicy p = VerificationPolicy.defaults();

        assertThat(p.allowDebug()).isFalse();
        assertThat(p.expectedVmpl()).isZero();
        assertThat(p.minimumTcb()).isEmpty();
    }

    @Test
    void aVerdictCannotAcceptWithReasonsOrRefuseWithout() {
        assertThatThrownBy(() -> new Verdict(
                        true,
                        List.of(ReasonCode.DEBUG_ENABLED),
                        List.of(),
                        "",
                        2,
                        "",
                        "",
                        0,
                        Optional.empty(),
                        "",
                        "",
                        0,
                        false,
                        ""))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Verdict(
                        false, List.of(), List.of(), "", 2, "", "", 0, Optional.empty(), "", "", 0, false, ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultOptionsTrustNoDevelopmentRoot() {
        assertThat(VerifierOptions.defaults().developmentRoots()).isEqualTo(Map.of());
        assertThat(VerifierOptions.defaults().crls()).isEmpty();
    }
}
