package org.depa.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.depa.ledger.model.crypto.SignatureAlgorithm;
import org.depa.ledger.model.domain.Role;
import org.depa.testkit.GenuineSnpFixtures;

/**
 * Who takes part in the COVID scenario and the fixed terms they meet under: the three TDPs and
 * their tables, the TDC, the CCR provider, the auditor and the payment relay, the certified clean-room image and the
 * common agreement. Every id the scenario creates comes from here, with the run's tag.
 */
final class CovidCast {
    /** The clean room's measurement: the genuine Milan report's, which the emulated clean room claims. */
    static final String MEASUREMENT = GenuineSnpFixtures.MILAN_MEASUREMENT;

    static final String AGREEMENT_TEXT = "DEPA Training common agreement, version 2026-1: participants "
            + "share data only under signed contracts, inside certified clean rooms, within the privacy budgets they publish.";

    /**
     * One TDP of the scenario: its file, the column its rows join on, and the direct identifiers
     * it drops before encryption (names, ID numbers, addresses, other registries' record numbers).
     */
    record Provider(String id, String mspId, String name, String file, String joinColumn, Set<String> drop) {}

    static final List<Provider> PROVIDERS = List.of(
            new Provider(
                    "icmr",
                    "ProviderMSP",
                    "ICMR (lab test results)",
                    "poc_data_icmr_data.csv",
                    "icmr_patient_mobilenumber",
                    Set.of("icmrnumber", "srfnumber")),
            new Provider(
                    "cowin",
                    "ProviderMSP",
                    "CoWIN (vaccinations)",
                    "poc_data_cowin_data.csv",
                    "cowin_registered_mobile",
                    Set.of("beneficiary_name", "id_verified", "uhid", "beneficiary_reference_id")),
            new Provider(
                    "index",
                    "ProviderMSP",
                    "State war room (patient index)",
                    "poc_data_statewarroom_data.csv",
                    "pcnumber",
                    Set.of("idcpatient", "pname", "srfnumber", "icmrnumber", "paddress")));

    /** A participant to enrol: the TDPs first, then the TDC, the CCR provider, the auditor and the payment relay. */
    record Enrolment(String baseId, Role role, String mspId, String name) {
        /** One TDP signs with Ed25519, so the ledger checks both kinds of signature in one run. */
        SignatureAlgorithm algorithm() {
            return baseId.equals("cowin") ? SignatureAlgorithm.ED25519 : SignatureAlgorithm.ECDSA_P256_SHA256;
        }
    }

    static final String TDC = "ai-lab";
    static final String CCR = "ccr-cloud";
    static final String RELAY = "relay";

    static List<Enrolment> enrolments() {
        List<Enrolment> all = new ArrayList<>();
        for (Provider p : PROVIDERS) {
            all.add(new Enrolment(p.id(), Role.TDP, p.mspId(), p.name()));
        }
        all.add(new Enrolment(TDC, Role.TDC, "ConsumerMSP", "AI Lab (model trainer)"));
        all.add(new Enrolment(CCR, Role.CCR_PROVIDER, "ConsumerMSP", "Confidential clean-room provider"));
        all.add(new Enrolment("auditor", Role.AUDITOR, "SROMSP", "Regulator's auditor"));
        // The consortium designates the party that runs the payment relay: here the SRO's organisation.
        all.add(new Enrolment(RELAY, Role.PAYMENT_RELAY, "SROMSP", "Payment relay (settles on the payment chain)"));
        return all;
    }

    private final String tag;

    /**
     * @param tag appended to every id the scenario creates, so it can run again on a ledger that
     *     keeps its history (the Fabric network); empty on a fresh ledger
     */
    CovidCast(String tag) {
        this.tag = tag;
    }

    /** The id a scenario object gets in this run. */
    String id(String base) {
        return tag.isEmpty() ? base : base + "-" + tag;
    }

    String agreementVersion() {
        return id("2026-1");
    }

    String datasetId(Provider p) {
        return id(p.id() + "-2026");
    }

    String contractId() {
        return id("covid-2026");
    }

    String runId() {
        return id("covid-2026-run-1");
    }
}
