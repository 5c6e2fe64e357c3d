package org.depa.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.depa.ledger.model.Json;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code depa dashboard login}: a login link for the organisation's web dashboard, asked for over
 * mutual TLS with the participant's own certificate (the options of {@code depa api}). The link
 * works once, within a minute, and logs a browser in as that participant.
 */
@Command(
        name = "dashboard",
        description = "The organisation's web dashboard, served by its gateway.",
        subcommands = {DashboardCommand.Login.class})
public final class DashboardCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** For tests and scripts: run {@code depa dashboard args...} with the given writers. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new DashboardCommand());
        cl.setOut(out);
        cl.setErr(err);
        return cl.execute(args);
    }

    @Command(
            name = "login",
            description = "Print a one-time login link for the dashboard (open it within a minute; it works once).")
    static final class Login extends GatewayCommand implements Callable<Integer> {
        @Override
        public Integer call() {
            return callGateway(g -> {
                String body = g.postEmpty("/v1/dashboard/sessions");
                if (options.json()) {
                    return body;
                }
                JsonNode answer = Json.tree(body);
                PrintWriter out = spec.commandLine().getOut();
                out.println("Dashboard login for " + answer.path("caller").asText() + ": open this link once, before "
                        + answer.path("expiresAt").asText() + ":");
                out.println(answer.path("loginUrl").asText());
                return null;
            });
        }
    }
}
