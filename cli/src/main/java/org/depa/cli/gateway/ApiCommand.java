package org.depa.cli.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import org.depa.gateway.client.ClientIdentity;
import org.depa.gateway.client.GatewayClient;
import org.depa.gateway.client.GatewayException;
import org.depa.gateway.client.GatewayUnreachableException;
import org.depa.ledger.model.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code depa api ...}: every gateway resource from the command line. Exit codes: 0 done, 1 the
 * gateway or the ledger refused, 2 usage or input error, 3 the gateway cannot be reached (or the
 * ledger behind it: 503).
 */
@Command(
        name = "api",
        description = "Use the ledger through your organisation's gateway (mutual TLS, local signing).",
        subcommands = {
            ApiCommand.Participants.class,
            ApiCommand.Agreement.class,
            ApiCommand.Datasets.class,
            ApiCommand.Measurements.class,
            ApiCommand.Contracts.class,
            ApiCommand.Runs.class,
            ApiCommand.Payments.class,
            ApiCommand.History.class,
            ApiCommand.Events.class
        })
public final class ApiCommand implements Runnable {
    public static final int OK = 0;
    public static final int REFUSED = 1;
    public static final int USAGE = 2;
    public static final int UNREACHABLE = 3;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs one gateway call and turns its outcome into output and an exit code. */
    static int call(CommandSpec spec, GatewayOptions options, Function<GatewayClient, String> call) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String body = call.apply(options.client());
            out.println(options.json() ? body : pretty(body));
            out.flush();
            return OK;
        } catch (GatewayException e) {
            err.println("refused (" + e.status() + " " + e.code() + "): " + e.getMessage());
            err.flush();
            return e.status() == 503 ? UNREACHABLE : REFUSED;
        } catch (GatewayUnreachableException e) {
            err.println("unreachable: " + e.getMessage());
            err.flush();
            return UNREACHABLE;
        } catch (GatewayOptions.UsageException | ClientIdentity.IdentityException | InputException e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return USAGE;
        }
    }

    private static String pretty(String body) {
        if (body == null || body.isBlank()) {
            return "";
        }
        try {
            return Json.mapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValueAsString(Json.mapper().readTree(body));
        } catch (JsonProcessingException e) {
            return body;
        }
    }

    /** A request file that cannot be read or is not JSON. */
    static final class InputException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InputException(String message) {
            super(message);
        }
    }

    /** The request body from {@code file} ("-" for standard input), checked to be JSON. */
    static String read(Path file) {
        String text;
        try {
            text = file.toString().equals("-") ? GatewayClient.readAll(System.in) : Files.readString(file);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
        try {
            Json.mapper().readTree(text);
        } catch (JsonProcessingException e) {
            throw new InputException(file + " is not JSON: " + e.getOriginalMessage());
        }
        return text;
    }

    static String q(String s) {
        try {
            return Json.mapper().writeValueAsString(s);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot quote a string", e);
        }
    }

    static String actorJson(String contractId, String participantId, String reason) {
        return "{\"contractId\":" + q(contractId)
                + (participantId == null ? "" : ",\"participantId\":" + q(participantId))
                + (reason == null ? "" : ",\"reason\":" + q(reason)) + "}";
    }

    @Command(name = "participants", description = "The participant registry.")
    static final class Participants {
        @Spec
        CommandSpec spec;

        @Mixin
        GatewayOptions o;

        @Command(name = "register", description = "Register yourself with the certificate you call with.")
        int register(
                @Option(names = "--id", required = true) String id,
                @Option(names = "--role", required = true, description = "TDP, TDC, CCR_PROVIDER or AUDITOR")
                        String role,
                @Option(names = "--msp", required = true) String msp,
                @Option(names = "--name", required = true) String name) {
            return call(
                    spec,
                    o,
                    c -> c.post(
                            "/v1/participants",
                            "{\"certificatePem\":" + q(c.identity().certificatePem()) + ",\"id\":" + q(id)
                                    + ",\"mspId\":" + q(msp) + ",\"name\":" + q(name) + ",\"role\":" + q(role) + "}"));
        }

        @Command(name = "me", description = "Your own registry entry.")
        int me() {
            return call(spec, o, c -> c.get("/v1/participants/me"));
        }

        @Command(name = "show")
        int show(@Parameters(paramLabel = "ID") String id) {
            return call(spec, o, c -> c.get("/v1/participants/" + id));
        }

        @Command(name = "list")
        int list(
                @Option(names = "--page-size", defaultValue = "50") int pageSize,
                @Option(names = "--bookmark") String bookmark) {
            return call(spec, o, c -> c.get("/v1/participants?pageSize=" + pageSize + bookmark(bookmark)));
        }

        @Command(name = "verify", description = "SRO: verify a registered participant.")
        int verify(@Parameters(paramLabel = "ID") String id) {
            return call(spec, o, c -> c.post("/v1/participants/" + id + "/verify", "{}"));
        }

        @Command(name = "suspend", description = "SRO: suspend a participant.")
        int suspend(@Parameters(paramLabel = "ID") String id, @Option(names = "--reason", required = true) String r) {
            return call(spec, o, c -> c.post("/v1/participants/" + id + "/suspend", "{\"reason\":" + q(r) + "}"));
        }

        @Command(name = "sign-agreement", description = "Sign the current common agreement with your key, locally.")
        int signAgreement(@Parameters(paramLabel = "ID", description = "your participant id") String id) {
            return call(spec, o, c -> c.signAgreement(id));
        }
    }

    static String bookmark(String bookmark) {
        return bookmark == null
                ? ""
                : "&bookmark=" + java.net.URLEncoder.encode(bookmark, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Command(name = "agreement", description = "The SRO's common agreement.")
    static final class Agreement {
        @Spec
        CommandSpec spec;

        @Mixin
        GatewayOptions o;

        @Command(name = "show")
        int show() {
            return call(spec, o, c -> c.get("/v1/agreement"));
        }

        @Command(name = "publish", description = "SRO: publish a version (the SHA-256 of its text).")
        int publish(
                @Option(names = "--version", required = true) String version,
                @Option(names = "--text-sha256", required = true) String sha) {
            return call(
                    spec,
                    o,
                    c -> c.post("/v1/agreement", "{\"textSha256\":" + q(sha) + ",\"version\":" + q(version) + "}"));
        }
    }

    @Command(name = "datasets", description = "Datasets and their privacy budgets.")
    static final class Datasets {
        @Spec
        CommandSpec spec;

        @Mixin
        GatewayOptions o;

        @Command(name = "register", description = "TDP: register a dataset (a DatasetRequest JSON file, - for stdin).")
        int register(@Option(names = "--file", required = true) Path file) {
            return call(spec, o, c -> c.post("/v1/datasets", read(file)));
        }

        @Command(name = "search")
        int search(
                @Option(names = "--owner") String owner,
                @Option(names = "--purpose") String purpose,
                @Option(names = "--page-size", defaultValue = "50") int pageSize,
                @Option(names = "--bookmark") String bookmark) {
            String query = "?pageSize=" + pageSize + (owner == null ? "" : "&ownerId=" + owner)
                    + (purpose == null ? "" : "&purpose=" + purpose) + bookmark(bookmark);
            return call(spec, o, c -> c.get("/v1/datasets" + query));
        }

        @Command(name = "show")
        int show(@Parameters(paramLabel = "ID") String id) {
            return call(spec, o, c -> c.get("/v1/datasets/" + id));
        }

        @Command(name = "budget")
        int budget(@Parameters(paramLabel = "ID") String id) {
            return call(spec, o, c -> c.get("/v1/datasets/" + id + "/budget"));
        }

        @Command(name = "withdraw", description = "TDP: withdraw your dataset.")
        int withdraw(
                @Parameters(paramLabel = "ID") String id,
                @Option(names = "--owner", required = true) String owner,
                @Option(names = "--reason", required = true) String reason) {
            return call(
                    spec,
                    o,
                    c -> c.post(
                            "/v1/datasets/" + id + "/withdraw",
                            "{\"datasetId\":" + q(id) + ",\"ownerId\":" + q(owner) + ",\"reason\":" + q(reason) + "}"));
        }
    }

    @Command(name = "measurements", description = "Certified clean-room measurements.")
    static final class Measurements {
        @Spec
        CommandSpec spec;

        @Mixin
        GatewayOptions o;

        @Command(name = "certify", description = "SRO: certify (a CertifyMeasurementRequest JSON file).")
        int certify(@Option(names = "--file", required = true) Path file) {
            return call(spec, o, c -> c.post("/v1/measurements", read(file)));
        }

        @Command(name = "list")
        int list(@Option(names = "--page-size", defaultValue = "50") int pageSize) {
            return call(spec, o, c -> c.get("/v1/measurements?pageSize=" + pageSize));
        }

        @Command(name = "show")
        int show(@Parameters(paramLabel = "MEASUREMENT") String m) {
            return call(spec, o, c -> c.get("/v1/measurements/" + m));
        }

        @Command(name = "revoke", description = "SRO: revoke a certification.")
        int revoke(
                @Parameters(paramLabel = "MEASUREMENT") String m,
                @Option(names = "--reason", required = true) String r) {
            return call(spec, o, c -> c.post("/v1/measurements/" + m + "/revoke", "{\"reason\":" + q(r) + "}"));
        }
    }

    @Command(name = "contracts", description = "Propose, amend, sign, activate, revoke and read contracts.")
    static final class Contracts {
        @Spec
        CommandSpec spec;

        @Mixin
        GatewayOptions o;

        @Command(name = "propose", description = "TDC: propose (a ContractProposal JSON file).")
        int propose(@Option(names = "--file", required = true) Path file) {
            return call(spec, o, c -> c.post("/v1/contracts", read(file)));
        }

        @Command(name = "amend", description = "TDC: a new version of the terms (ContractProposal JSON).")
        int amend(@Parameters(paramLabel = "ID") String id, @Option(names = "--file", required = true) Path file) {
            return call(spec, o, c -> c.put("/v1/contracts/" + id, read(file)));
        }

        @Command(name = "show")
        int show(@Parameters(paramLabel = "ID") String id) {
            return call(spec, o, c -> c.get("/v1/contracts/" + id));
        }

        @Command(name = "payload", description = "The canonical bytes you sign for the current version.")
        int payload(@Parameters(paramLabel = "ID") String id) {
            return call(spec, o, c -> c.get("/v1/contracts/" + id + "/signing-payload"));
        }

        @Command(name = "sign", description = "Fetch the payload, sign it with your key here, post the signature.")
        int sign(
                @Parameters(paramLabel = "ID") String id,
                @Option(names = "--as", required = true, description = "your participant id") String participant) {
            return call(spec, o, c -> c.signContract(id, participant));
        }

        @Command(name = "signatures")
        int signatures(@Parameters(paramLabel = "ID") String id) {
            return call(spec, o, c -> c.get("/v1/contracts/" + id + "/signatures"));
        }

        @Command(name = "activate")
        int activate(@Parameters(paramLabel = "ID") String id, @Option(names = "--as", required = true) String p) {
            return call(spec, o, c -> c.post("/v1/contracts/" + id + "/activate", actorJson(id, p, null)));
        }

        @Command(name = "revoke")
        int revoke(
                @Parameters(paramLabel = "ID") String id,
                @Option(names = "--as", description = "your participant id (SRO operators omit it)") String p,
                @Option(names = "--reason", required = true) String reason) {
            return call(spec, o, c -> c.post("/v1/contracts/" + id + "/revoke", actorJson(id, p, reason)));
        }

        @Command(name = "history", description = "Every committed version of the contract record.")
        int history(@Parameters(paramLabel = "ID") String id) {
            return call(spec, o, c -> c.get("/v1/contracts/" + id + "/history"));
        }

        @Command(name = "runs")
        int runs(@Parameters(paramLabel = "ID") String id) {
            return call(spec, o, c -> c.get("/v1/contracts/" + id + "/runs"));
        }

        @Command(name = "payments")
        int payments(@Parameters(paramLabel = "ID") String id) {
            return call(spec, o, c -> c.get("/v1/contracts/" + id + "/payments"));
        }
    }

    @Command(name = "runs", description = "Training runs, key releases and receipts.")
    static final class Runs {
        @Spec
        CommandSpec spec;

        @Mixin
        GatewayOptions o;

        @Command(name = "start", description = "CCR provider: start a run (StartRunRequest JSON).")
        int start(@Option(names = "--file", required = true) Path file) {
            return call(spec, o, c -> c.post("/v1/runs", read(file)));
        }

        @Command(name = "show")
        int show(@Parameters(paramLabel = "RUN") String id) {
            return call(spec, o, c -> c.get("/v1/runs/" + id));
        }

        @Command(name = "release-key", description = "TDP: record a key release (KeyReleaseRequest JSON).")
        int releaseKey(
                @Parameters(paramLabel = "RUN") String id, @Option(names = "--file", required = true) Path file) {
            return call(spec, o, c -> c.post("/v1/runs/" + id + "/key-releases", read(file)));
        }

        @Command(name = "key-releases")
        int keyReleases(@Parameters(paramLabel = "RUN") String id) {
            return call(spec, o, c -> c.get("/v1/runs/" + id + "/key-releases"));
        }

        @Command(
                name = "submit-receipt",
                description = "CCR provider: submit the signed receipt (SubmitReceiptRequest JSON).")
        int submitReceipt(
                @Parameters(paramLabel = "RUN") String id, @Option(names = "--file", required = true) Path file) {
            return call(spec, o, c -> c.post("/v1/runs/" + id + "/receipt", read(file)));
        }

        @Command(name = "receipt")
        int receipt(@Parameters(paramLabel = "RUN") String id) {
            return call(spec, o, c -> c.get("/v1/runs/" + id + "/receipt"));
        }

        @Command(name = "fail", description = "CCR provider: mark a run failed.")
        int fail(
                @Parameters(paramLabel = "RUN") String id,
                @Option(names = "--as", required = true) String ccr,
                @Option(names = "--reason", required = true) String reason) {
            return call(
                    spec,
                    o,
                    c -> c.post(
                            "/v1/runs/" + id + "/fail",
                            "{\"ccrProviderId\":" + q(ccr) + ",\"reason\":" + q(reason) + ",\"runId\":" + q(id) + "}"));
        }
    }

    @Command(name = "payments", description = "Payment instructions.")
    static final class Payments {
        @Spec
        CommandSpec spec;

        @Mixin
        GatewayOptions o;

        @Command(name = "show")
        int show(@Parameters(paramLabel = "PAYMENT") String id) {
            return call(spec, o, c -> c.get("/v1/payments/" + id));
        }

        @Command(name = "settle", description = "TDC: record the settlement transaction's hash.")
        int settle(
                @Parameters(paramLabel = "PAYMENT") String id,
                @Option(names = "--as", required = true) String payer,
                @Option(names = "--tx-hash", required = true) String hash) {
            return call(
                    spec,
                    o,
                    c -> c.post(
                            "/v1/payments/" + id + "/settle",
                            "{\"externalTxHash\":" + q(hash) + ",\"participantId\":" + q(payer) + ",\"paymentId\":"
                                    + q(id) + "}"));
        }
    }

    @Command(name = "history", description = "The committed history of any ledger object.")
    static final class History implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GatewayOptions o;

        @Option(names = "--type", required = true, description = "object type, e.g. contract, dataset, run")
        String type;

        @Parameters(paramLabel = "ID")
        String id;

        @Override
        public Integer call() {
            return ApiCommand.call(
                    spec,
                    o,
                    c -> c.get("/v1/history?objectType=" + type + "&id="
                            + java.net.URLEncoder.encode(id, java.nio.charset.StandardCharsets.UTF_8)));
        }
    }

    @Command(name = "events", description = "Follow ledger events (server-sent events) from a block on.")
    static final class Events implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        GatewayOptions o;

        @Option(names = "--from", defaultValue = "0")
        long from;

        @Option(names = "--limit", description = "stop after this many events")
        Integer limit;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            return ApiCommand.call(spec, o, c -> {
                c.events(from, limit, line -> {
                    if (line.startsWith("data:")) {
                        out.println(line.substring(5).strip());
                        out.flush();
                    }
                });
                return "";
            });
        }
    }

    /** For tests and scripts: run {@code depa api args...} with the given writers. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new ApiCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl.execute(args);
    }
}
