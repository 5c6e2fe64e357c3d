package org.depa.attestation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.bouncycastle.util.encoders.Hex;
import org.depa.attestation.emulator.SnpEmulator;
import org.depa.attestation.emulator.VcekSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A host may set MASK_CHIP_ID, and the firmware then writes a zero CHIP_ID. The VCEK that signed is still one
 * chip's key, so the verdict names the chip by the VCEK's hwID; a VLEK names no chip.
 */
class MaskedChipIdTest {
    @ParameterizedTest
    @EnumSource(SnpProduct.class)
    void maskedVcekReportNamesTheChipOfItsVcek(SnpProduct product) {
        SnpEmulator e = Emulated.of(product);

        Verdict v = Emulated.verifier()
                .verify(e.report(e.reportSpec().chipId(new byte[64]).build()), e.chain());

        assertThat(v.accepted()).as(String.join("\n", v.details())).isTrue();
        assertThat(v.chipIdHex())
                .isEqualTo(Hex.toHexString(Arrays.copyOf(e.vcekSpec().hwId(), 64)));
    }

    @ParameterizedTest
    @EnumSource(SnpProduct.class)
    void unmaskedReportNamesItsChipId(SnpProduct product) {
        SnpEmulator e = Emulated.of(product);

        Verdict v = Emulated.verifier().verify(e.report(), e.chain());

        assertThat(v.accepted()).isTrue();
        assertThat(v.chipIdHex())
                .isEqualTo(Hex.toHexString(Arrays.copyOf(e.vcekSpec().hwId(), 64)));
    }

    @ParameterizedTest
    @EnumSource(SnpProduct.class)
    void maskedVlekReportNamesNoChip(SnpProduct product) {
        SnpEmulator e = Emulated.of(product);
        VcekSpec spec = e.vcekSpec();
        SnpEmulator v = e.withVcek(VcekSpec.builder(product, spec.hwId(), spec.tcb())
                .vlek("depa-test-csp")
                .build());

        Verdict verdict = Emulated.verifier()
                .verify(v.report(v.reportSpec().chipId(new byte[64]).build()), v.chain());

        assertThat(verdict.accepted()).as(String.join("\n", verdict.details())).isTrue();
        assertThat(verdict.signingKey()).isEqualTo("VLEK");
        assertThat(verdict.chipIdHex()).isEqualTo("00".repeat(64));
    }
}
