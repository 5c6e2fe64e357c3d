package org.depa.cli.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.function.Function;
import org.depa.gateway.client.ClientIdentity;
import org.depa.gateway.client.GatewayException;
import org.depa.gateway.client.GatewayUnreachableException;
import org.depa.ledger.model.Json;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every {@code depa api} area shares: the gateway options (inherited by its subcommands),
 * and how one gateway call becomes output and an exit code.
 */
abstract class GatewayCommand {
    @Spec
    CommandSpec spec;

    @Mixin
    GatewayOptions options;

    /**
     * Runs one gateway call: the gateway's JSON to standard output (indented unless {@code
     * --json}), a refusal or an error to standard error, and the exit code {@link ApiCommand}
     * documents.
     */
    int callGateway(Function<TypedGateway, String> call) {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            String body = call.apply(new TypedGateway(options.client()));
            if (body != null) {
                out.println(render(body));
            }
            out.flush();
            return ApiCommand.OK;
        } catch (GatewayException e) {
            err.println("refused (" + e.status() + " " + e.code() + "): " + e.getMessage());
            err.flush();
            // 503: the ledger behind the gateway is unavailable, which a caller retries like an absent gateway.
            return e.status() == 503 ? ApiCommand.UNREACHABLE : ApiCommand.REFUSED;
        } catch (GatewayUnreachableException e) {
            err.println("unreachable: " + e.getMessage());
            err.flush();
            return ApiCommand.UNREACHABLE;
        } catch (Refused e) {
            err.println("refused: " + e.getMessage());
            err.flush();
            return ApiCommand.REFUSED;
        } catch (GatewayOptions.UsageException | ClientIdentity.IdentityException | RequestFile.InvalidRequestFile e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ApiCommand.USAGE;
        }
    }

    /** A refusal found before anything is sent (e.g. a contract that commits to another spec): exit 1. */
    static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

    /** The gateway's JSON as the user asked for it: indented, or as received with {@code --json}. */
    String render(String body) {
        return options.json() ? body : indented(body);
    }

    private static String indented(String body) {
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
}
