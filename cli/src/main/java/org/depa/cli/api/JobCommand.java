package org.depa.cli.api;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import org.depa.ledger.model.Json;
import org.depa.ledger.model.tx.JobActionRequest;
import org.depa.ledger.model.tx.RegisterOutputKeyRequest;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code depa job ...}: a TDC's training jobs through its gateway (issue 11). The model spec never
 * leaves this machine: {@code commit} and {@code submit} compute its salted commitment here, and only
 * the commitment is sent. Exit codes as {@code depa api}: 0 done (for {@code wait}: COMPLETED), 1
 * refused (for {@code wait}: FAILED or CANCELLED), 2 usage or input error, 3 gateway unreachable.
 */
@Command(
        name = "job",
        description = "Training jobs (TDC): commit to a model spec, submit, follow, cancel.",
        subcommands = {JobSubmitCommand.class, JobSealSpecCommand.class, org.depa.cli.JobCheckSpecCommand.class})
public final class JobCommand extends GatewayCommand implements Runnable {
    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** For tests and scripts: run {@code depa job args...} with the given writers. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new JobCommand());
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    @Command(
            name = "commit",
            description = "Compute the commitment to put in your contract proposals (modelSpecCommitment);"
                    + " creates the salt file next to the spec unless it exists. Nothing is sent.")
    int commit(
            @Option(names = "--spec", required = true, description = "the model spec, one JSON object") Path specFile,
            @Option(names = "--salt-file", description = "default: SPEC.salt next to the spec") Path saltFile) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            JobSpec s = JobSpec.commit(specFile, saltFile);
            err.println((s.saltCreated() ? "wrote a new salt to " : "using the salt in ") + s.saltFile()
                    + ": keep it with " + s.spec().getFileName() + " (never replace it; without it no job can use"
                    + " this commitment, and the clean room needs spec and salt to check it)");
            out.println(Json.canonicalString(
                    new Commitment(s.commitment(), s.saltFile().toString(), s.saltCreated())));
            return ApiCommand.OK;
        } catch (GatewayOptions.UsageException e) {
            err.println("error: " + e.getMessage());
            return ApiCommand.USAGE;
        } finally {
            out.flush();
            err.flush();
        }
    }

    record Commitment(String modelSpecCommitment, String saltFile, boolean saltCreated) {}

    @Command(name = "status", description = "Show a job.")
    int status(@Parameters(paramLabel = "JOB") String id) {
        return callGateway(g -> g.get("/v1/jobs/" + QueryString.path(id)));
    }

    @Command(name = "list", description = "The jobs that name a contract.")
    int list(@Option(names = "--contract", required = true, paramLabel = "ID") String contract) {
        return callGateway(g -> g.get("/v1/contracts/" + QueryString.path(contract) + "/jobs"));
    }

    @Command(name = "cancel", description = "Withdraw your job while it is SUBMITTED or SCHEDULED.")
    int cancel(@Parameters(paramLabel = "JOB") String id, @Option(names = "--reason") String reason) {
        return callGateway(g -> g.post(
                "/v1/jobs/" + QueryString.path(id) + "/cancel", new JobActionRequest(id, JobWait.me(g), reason)));
    }

    @Command(name = "wait", description = "Follow a job until it is final (progress on stderr).")
    int await(@Parameters(paramLabel = "JOB") String id) {
        return callGateway(g -> new JobWait(this, spec.commandLine().getErr()).await(g, id));
    }

    @Command(
            name = "fetch",
            description = "Download your COMPLETED job's sealed output, check it against the receipts, open it with"
                    + " your output key and write the model and report into --out (never over a file); prints the"
                    + " metrics.")
    int fetch(
            @Parameters(paramLabel = "JOB") String id,
            @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the model and report go")
                    Path out,
            @Option(
                            names = "--output-private-key",
                            required = true,
                            paramLabel = "FILE",
                            description = "the private half of the job's output key (PKCS#8 PEM); it stays here")
                    Path keyFile) {
        PrintWriter err = spec.commandLine().getErr();
        return callGateway(g -> {
            java.security.interfaces.ECPrivateKey key = SealedFile.privateKey(keyFile, "--output-private-key");
            return new JobFetch(g, err).fetch(id, out, key);
        });
    }

    @Command(
            name = "register-key",
            description = "Register the public EC P-256/P-384 key your jobs' outputs are sealed to"
                    + " (a dedicated key, never your signing key; only the public key is sent).")
    int registerKey(
            @Option(names = "--key-id", required = true) String keyId,
            @Option(names = "--public-key", required = true, description = "PEM SubjectPublicKeyInfo") Path pem) {
        return callGateway(g -> g.post(
                "/v1/output-keys", new RegisterOutputKeyRequest(keyId, JobWait.me(g), JobWait.readPublicKey(pem))));
    }

    static List<String> sorted(List<String> ids) {
        return ids.stream().sorted().distinct().toList();
    }
}
