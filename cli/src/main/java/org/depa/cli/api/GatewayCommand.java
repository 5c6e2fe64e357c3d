package org.depa.cli.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.PrintWriter;
import java.util.function.Function;
import org.depa.cli.gateway.ClientIdentity;
import org.depa.cli.gateway.GatewayException;
import org.depa.cli.gateway.GatewayUnreachableException;
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
            out.println(options.json() ? body : indented(body));
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
        } catch (GatewayOptions.UsageException | ClientIdentity.IdentityException | RequestFile.InvalidRequestFile e) {
            err.println("error: " + e.getMessage());
            err.flush();
            return ApiCommand.USAGE;
        }
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
