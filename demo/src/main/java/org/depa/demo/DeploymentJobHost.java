package org.depa.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.depa.demo.deployment.Deployment;
import org.depa.demo.deployment.DeploymentException;
import org.depa.demo.deployment.DeploymentState;
import org.depa.demo.remote.DeploymentConsortium;
import org.depa.gateway.client.GatewayClient;
import org.depa.gateway.client.GatewayException;
import org.depa.gateway.client.GatewayUnreachableException;

/**
 * The job runs at the deployment's operator, a process of its own ({@code depa deployment up}) that
 * follows the CCR provider's jobs on Fabric through the provider's own enrolment; nothing of the
 * operator runs in this JVM. The TDC reads its job's progress and sealed output through its own
 * organisation's gateway only ({@code /v1/jobs/ID/progress}, {@code /outputs}), which fetches them
 * from the operator with the organisation's token.
 */
final class DeploymentJobHost implements JobHost {
    private final Deployment deployment;
    private final DeploymentState state;
    private final GatewayClient tdcGateway;
    private final String tdcMsp;

    private DeploymentJobHost(Deployment deployment, DeploymentState state, GatewayClient tdcGateway, String tdcMsp) {
        this.deployment = deployment;
        this.state = state;
        this.tdcGateway = tdcGateway;
        this.tdcMsp = tdcMsp;
    }

    static JobHost.Opener opener(Deployment deployment, DeploymentState state, DeploymentConsortium consortium) {
        return (tdc, ccr, chip, domain) ->
                new DeploymentJobHost(deployment, state, consortium.gatewayOf(tdc), tdc.mspId());
    }

    @Override
    public String tdcConnection() {
        return "its own gateway "
                + state.gatewayOf(tdcMsp).map(DeploymentState.Component::url).orElse("?")
                + " (mutual TLS, its own certificate)";
    }

    @Override
    public String operator() {
        String pid;
        try {
            pid = deployment.status().stream()
                    .filter(c -> c.kind().equals("operator"))
                    .findFirst()
                    .flatMap(Deployment.ComponentStatus::pid)
                    .map(p -> "pid " + p)
                    .orElse("not running");
        } catch (DeploymentException e) {
            pid = "status unknown: " + e.getMessage();
        }
        return "the deployment's operator process (" + pid + ", log "
                + deployment.layout().log("operator") + " and "
                + deployment.layout().operatorState().resolve("operator.log") + "), following the CCR provider's jobs"
                + " on Fabric and launching each clean room as a separate process in "
                + deployment.layout().operatorState().resolve("jobs");
    }

    @Override
    public String outputsRoute() {
        String url = state.gatewayOf(tdcMsp).map(DeploymentState.Component::url).orElse("?");
        return "the TDC's own gateway " + url + " (which fetches from the operator's job-output service with " + tdcMsp
                + "'s token)";
    }

    @Override
    public byte[] get(String jobId, String route) throws IOException {
        try {
            return tdcGateway.getBytes("/v1/jobs/" + jobId + "/" + route);
        } catch (GatewayException e) {
            throw new IOException(route + " of job " + jobId + ": HTTP " + e.status() + " " + e.code(), e);
        } catch (GatewayUnreachableException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** The operator's workspace of the job: on this host, readable by the deployment's owner. */
    @Override
    public Optional<Path> workspace(String jobId) {
        Path ws = deployment.layout().operatorState().resolve("jobs").resolve(jobId);
        return Files.isDirectory(ws) ? Optional.of(ws) : Optional.empty();
    }

    @Override
    public void close() {
        // The operator is the deployment's: it keeps running.
    }
}
