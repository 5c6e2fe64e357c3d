package org.depa.ccr.training;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.depa.ledger.model.domain.PrivacyConstraints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Utility on the COVID scenario at the reference contract's limits, against the reference figures. */
class CovidUtilityTest {
    static final BigDecimal REFERENCE_AUC = new BigDecimal("0.6637");
    static final BigDecimal REFERENCE_F1 = new BigDecimal("0.5366");

    @Test
    void beatsTheReferenceAtEpsilon15(@TempDir Path work) throws Exception {
        assumeTrue(CovidData.available(), "COVID data not found");
        // The reference contract: epsilon 1.5, delta 0.01, noise multiplier 2.0; clipping norm ours.
        PrivacyConstraints dp = DpLimits.of("1.5", "0.01", "1.0", "2.0", 100);
        Path d = CovidData.directory();
        TrainingResult r = TrainingJob.runCsv(
                List.of(
                        new TrainingJob.CsvTable(
                                "icmr", d.resolve("poc_data_icmr_data.csv"), "icmr_patient_mobilenumber"),
                        new TrainingJob.CsvTable(
                                "cowin", d.resolve("poc_data_cowin_data.csv"), "cowin_registered_mobile"),
                        new TrainingJob.CsvTable("index", d.resolve("poc_data_statewarroom_data.csv"), "pcnumber")),
                Path.of("examples", "covid-model-spec.json"),
                dp,
                work,
                ProgressListener.NONE);
        System.out.println("private " + r.metrics() + " eps " + r.epsilonSpent() + " steps " + r.steps() + " "
                + r.stopReason() + " baseline " + r.baselineMetrics());
        assertThat(r.epsilonSpent()).isLessThanOrEqualTo(new BigDecimal("1.5"));
        assertThat(r.metrics().get("roc_auc")).isGreaterThan(REFERENCE_AUC);
        assertThat(r.metrics().get("f1")).isGreaterThan(REFERENCE_F1);
        assertThat(r.baselineMetrics()).containsKeys("accuracy", "f1", "roc_auc");
        assertThat(work.resolve("report/report.md"))
                .content()
                .contains("encoder holds only declared, public statistics");
        assertThat(Files.size(work.resolve("report/epsilon.png"))).isGreaterThan(1000);
        ModelFile model = ModelFile.parse(r.model());
        assertThat(model.sizes()).containsExactly(15, 16, 1);
        assertThat(model.encoder().columns()).noneMatch(FeatureEncoder.Column::fittedOnPrivateData);
    }
}
