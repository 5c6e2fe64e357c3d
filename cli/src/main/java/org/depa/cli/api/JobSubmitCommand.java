package org.depa.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import org.depa.ledger.model.JobRequests;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.tx.SubmitJobRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code depa job submit}: the TDC submits a training job. The spec is read and committed to here
 * with its salt; each contract is read first and must carry that very commitment (else exit 1 and
 * nothing is submitted), and the spec must pass the clean room's validator against each contract's
 * datasets and privacy limits (else exit 2 naming each field, nothing submitted); then only the commitment, the sealed spec's URI and the output key's id go
 * to the gateway.
 */
@Command(
        name = "submit",
        description = "Submit a training job over your ACTIVE contracts (only the spec's commitment is sent).")
final class JobSubmitCommand implements Callable<Integer> {
    /** The gateway options are {@code depa job}'s (inherited), and so is how a call becomes output. */
    @ParentCommand
    JobCommand job;

    @Option(
            names = "--contract",
            required = true,
            paramLabel = "ID",
            description = "a contract of the job (repeat for several)")
    List<String> contracts;

    @Option(names = "--spec", required = true, description = "the model spec (JSON object); it stays on this machine")
    Path specFile;

    @Option(names = "--salt-file", description = "the spec's salt (default: SPEC.salt, written by 'depa job commit')")
    Path saltFile;

    @Option(
            names = "--spec-uri",
            required = true,
            description = "where the clean room fetches the sealed spec (https: or file:)")
    String specUri;

    @Option(names = "--output-key", required = true, paramLabel = "ID", description = "your registered output key")
    String outputKey;

    @Option(names = "--id", description = "the job's id (default: job-<random>)")
    String jobId;

    @Option(names = "--wait", description = "then follow the job until it is final, as 'depa job wait'")
    boolean await;

    @Override
    public Integer call() {
        PrintWriter err = job.spec.commandLine().getErr();
        String id = jobId != null ? jobId : "job-" + randomSuffix();
        int submitted = job.callGateway(g -> {
            JobSpec s = JobSpec.open(specFile, saltFile);
            SubmitJobRequest request =
                    checked(new SubmitJobRequest(id, JobWait.me(g), contracts, s.commitment(), specUri, outputKey));
            for (String c : request.contractIds()) {
                JsonNode terms =
                        Json.tree(g.get("/v1/contracts/" + QueryString.path(c))).path("terms");
                String committed = terms.path("modelSpecCommitment").asText(null);
                if (committed == null) {
                    throw new GatewayCommand.Refused("contract " + c + " commits to no model spec: no job may name it");
                }
                if (!committed.equals(s.commitment())) {
                    throw new GatewayCommand.Refused("contract " + c + " commits to " + committed + ", but " + specFile
                            + " with the salt in " + s.saltFile() + " gives " + s.commitment()
                            + ": the wrong spec or salt file; nothing submitted");
                }
                SpecAgainstContract.check(g, specFile, c, terms);
            }
            err.println("job " + id + ": committing to " + s.commitment() + " (spec " + specFile + ", salt "
                    + s.saltFile() + "); the spec and salt stay here");
            err.flush();
            return g.post("/v1/jobs", request);
        });
        if (submitted != ApiCommand.OK || !await) {
            return submitted;
        }
        return job.callGateway(g -> new JobWait(job, err).await(g, id));
    }

    private static String randomSuffix() {
        byte[] b = new byte[8];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The request as the ledger will check it: a malformed field is a usage error naming it, before anything is sent. */
    private static SubmitJobRequest checked(SubmitJobRequest r) {
        try {
            return JobRequests.submit(r);
        } catch (LedgerRuleException e) {
            throw new GatewayOptions.UsageException(e.getMessage());
        }
    }
}
