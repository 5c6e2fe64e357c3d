package org.depa.attestation;

import static org.depa.attestation.ReasonCode.CERTIFICATE_EXPIRED;
import static org.depa.attestation.ReasonCode.CHAIN_INVALID;
import static org.depa.attestation.ReasonCode.MISSING_CERTIFICATE;
import static org.depa.attestation.ReasonCode.UNKNOWN_ROOT;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.depa.attestation.EmulatedReportsTest.Scenario;
import org.depa.attestation.emulator.SnpEmulator;

/**
 * Rows of {@link EmulatedReportsTest} for path building: the certificates in any order, with duplicates and with
 * extra AMD-style certificates (ASK, ASVK and ARK in one bundle, another product's chain, a VCEK beside a VLEK),
 * and the refusals that must stay reachable behind them.
 */
final class ChainCases {
    private ChainCases() {}

    static void add(List<Object[]> c, SnpProduct product) {
        EmulatedReportsTest.add(c, "chain ARK, ASK, VCEK (reversed)", e -> Scenario.of(e, e.report())
                .chain(List.of(e.ark(), e.ask(), e.vcek())));
        EmulatedReportsTest.add(
                c, "chain ASK, VCEK, ARK", e -> Scenario.of(e, e.report()).chain(List.of(e.ask(), e.vcek(), e.ark())));
        EmulatedReportsTest.add(c, "VCEK then one ASK+ARK+ASVK bundle", e -> Scenario.of(e, e.report())
                .chain(List.of(e.vcek(), e.ask(), e.ark(), e.asvk())));
        EmulatedReportsTest.add(c, "ASVK, ARK, VCEK, ASK", e -> Scenario.of(e, e.report())
                .chain(List.of(e.asvk(), e.ark(), e.vcek(), e.ask())));
        EmulatedReportsTest.add(c, "every certificate twice", e -> Scenario.of(e, e.report())
                .chain(List.of(e.vcek(), e.vcek(), e.ask(), e.ask(), e.ark(), e.ark())));
        EmulatedReportsTest.add(c, "another product's ASK and ARK as extras", e -> {
            SnpEmulator o = Emulated.of(EmulatedReportsTest.other(product));
            return Scenario.of(e, e.report()).chain(List.of(o.ask(), o.ark(), e.vcek(), e.ask(), e.ark()));
        });
        EmulatedReportsTest.add(c, "impostor ASK of the same name before the right one", e -> {
            SnpEmulator impostor = Emulated.impostor(product);
            return Scenario.of(e, e.report()).chain(List.of(e.vcek(), impostor.ask(), e.ask(), e.ark()));
        });
        EmulatedReportsTest.add(
                c, "ASK with a broken signature (key intact) before the sound copy", e -> Scenario.of(e, e.report())
                        .chain(List.of(e.vcek(), Tamper.signature(e.ask()), e.ask(), e.ark())));
        EmulatedReportsTest.add(
                c,
                "only an impostor ASK of the same name",
                e -> Scenario.of(e, e.report())
                        .chain(List.of(e.vcek(), Emulated.impostor(product).ask(), e.ark())),
                CHAIN_INVALID);
        EmulatedReportsTest.add(
                c,
                "only an impostor ARK of the same name, out of order",
                e -> Scenario.of(e, e.report())
                        .chain(List.of(Emulated.impostor(product).ark(), e.vcek(), e.ask())),
                UNKNOWN_ROOT,
                CHAIN_INVALID);
        EmulatedReportsTest.add(
                c,
                "ASK and ARK without a VCEK",
                e -> Scenario.of(e, e.report()).chain(List.of(e.ask(), e.ark())),
                MISSING_CERTIFICATE);
        EmulatedReportsTest.add(
                c,
                "seventeen certificates",
                e -> {
                    List<X509Certificate> many = new ArrayList<>(e.chain());
                    many.addAll(Collections.nCopies(14, e.ark()));
                    return Scenario.of(e, e.report()).chain(many);
                },
                CHAIN_INVALID);

        // VLEK: VLEK -> ASVK -> ARK, with the ASK, ARK and ASVK in one bundle as KDS tools serve them.
        EmulatedReportsTest.add(c, "VLEK after an ASK+ARK+ASVK bundle", e -> {
            Scenario s = EmulatedReportsTest.vlek(e, b -> b);
            return s.chain(List.of(e.ask(), e.ark(), e.asvk(), s.chain().get(0)));
        });
        EmulatedReportsTest.add(c, "VLEK and VCEK both given, VLEK signed", e -> {
            Scenario s = EmulatedReportsTest.vlek(e, b -> b);
            return s.chain(
                    List.of(e.vcek(), e.ask(), e.ark(), e.asvk(), s.chain().get(0)));
        });
        EmulatedReportsTest.add(c, "VLEK and VCEK both given, VCEK signed", e -> {
            Scenario s = EmulatedReportsTest.vlek(e, b -> b);
            return Scenario.of(e, e.report()).chain(List.of(s.chain().get(0), e.asvk(), e.ark(), e.ask(), e.vcek()));
        });
        EmulatedReportsTest.add(
                c,
                "expired VLEK in a bundle: the reason is the expiry",
                e -> {
                    Scenario s = EmulatedReportsTest.vlek(
                            e,
                            b -> b.validity(
                                    Instant.parse("2024-12-10T00:00:00Z"), Instant.parse("2025-12-10T00:00:00Z")));
                    return s.chain(List.of(e.ask(), e.ark(), e.asvk(), s.chain().get(0)));
                },
                CERTIFICATE_EXPIRED);
    }
}
