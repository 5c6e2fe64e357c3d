package org.depa.gateway;

import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.util.List;
import org.depa.gateway.Api.Member;
import org.depa.ledger.model.domain.Role;
import org.depa.ledger.testing.World;

/**
 * The dashboard tests' data, made once per test run through the gateway's own API: a COVID-like
 * contract between a TDC, a TDP's dataset and a CCR provider, a training job that ran under it
 * (a run attested by the emulated clean room, a key release, a receipt spending epsilon 1, the job
 * completed) and the clean room's progress at the CCR provider's operator; a colleague of the TDC
 * in the same organisation, and a participant of an organisation this gateway does not serve.
 */
final class DashboardWorld {
    static Member tdc;
    static Member colleague;
    static Member tdp;
    static Member ccr;
    static Member outsider;
    static JobOutputsWorld outputs;
    private static boolean made;

    static final String CONTRACT = "db-c1";
    static final String JOB = "db-job1";
    static final String RUN = "db-run1";
    static final String DATASET = "db-tdp-data";

    private DashboardWorld() {}

    static synchronized void make() throws IOException {
        if (made) {
            return;
        }
        tdc = Api.onboard("db-tdc", Role.TDC, "ConsumerMSP");
        colleague = Api.onboard("db-tdc-colleague", Role.TDC, "ConsumerMSP");
        tdp = Api.onboard("db-tdp", Role.TDP, "ProviderMSP");
        ccr = Api.onboard("db-ccr", Role.CCR_PROVIDER, "CcrMSP");
        outsider = OtherOrganisation.registerOutsider("db-outsider");
        Api.ensureMeasurement(World.MEASUREMENT);
        outputs = new JobOutputsWorld("db-ccr", TestPki.DASHBOARD_OUTPUTS_PORT_PROPERTY);
        outputs.registerOutputKey(tdc, "db-key");
        JobFixture.activeContract(CONTRACT, tdc, tdp, ccr, JobFixture.COMMITMENT);
        JobOutputsWorld.runningJob(JOB, CONTRACT, tdc, ccr, "db-key");
        outputs.progress(JOB, 2, 3);
        JobOutputsWorld.completeJob(
                JOB, RUN, CONTRACT, tdp, ccr, "db model".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        outputs.startOperator();
        made = true;
    }

    /** Every page of the dashboard over this world's records. */
    static List<String> pages() {
        return List.of(
                "/dashboard",
                "/dashboard/datasets",
                "/dashboard/datasets/" + DATASET,
                "/dashboard/contracts",
                "/dashboard/contracts/" + CONTRACT,
                "/dashboard/jobs",
                "/dashboard/jobs/" + JOB,
                "/dashboard/runs/" + RUN,
                "/dashboard/payments",
                "/dashboard/payments?contract=" + CONTRACT,
                "/dashboard/audit",
                "/dashboard/audit?objectType=contract&id=" + CONTRACT);
    }

    /** GET {@code path} as an HTML page, without following redirects. */
    static Response page(RequestSpecification spec, String path) {
        return spec.redirects().follow(false).accept("text/html").get(path);
    }
}
