package org.depa.cli.api;

import java.util.function.Consumer;
import org.depa.gateway.client.ClientIdentity;
import org.depa.gateway.client.GatewayClient;
import org.depa.ledger.model.Json;

/**
 * The gateway as {@code depa api} uses it. A body can only be a ledger-model record, sent as its
 * canonical JSON, so no command can send JSON built by hand; the gateway parses the same records
 * strictly.
 */
final class TypedGateway {
    private final GatewayClient client;

    TypedGateway(GatewayClient client) {
        this.client = client;
    }

    String get(String path) {
        return client.get(path);
    }

    byte[] getBytes(String path) {
        return client.getBytes(path);
    }

    String post(String path, Record body) {
        return client.post(path, Json.canonicalString(body));
    }

    /** A POST with no arguments (an empty JSON object). */
    String postEmpty(String path) {
        return client.post(path, "{}");
    }

    String put(String path, Record body) {
        return client.put(path, Json.canonicalString(body));
    }

    /** Signs the contract's current signing payload with the caller's key, here, and posts the signature. */
    String signContract(String contractId, String participantId) {
        return client.signContract(contractId, participantId);
    }

    /** Signs the current common agreement with the caller's key, here, and posts the signature. */
    String signAgreement(String participantId) {
        return client.signAgreement(participantId);
    }

    /** The event stream at {@code path}, line by line; the caller closes it. */
    java.util.stream.Stream<String> eventLines(String path) {
        return client.eventLines(path);
    }

    void events(long from, Integer limit, Consumer<String> sink) {
        client.events(from, limit, sink);
    }

    /** The certificate the caller presents, for requests that must carry it (registration). */
    String certificatePem() {
        ClientIdentity identity = client.identity();
        if (identity == null) {
            throw new GatewayOptions.UsageException(
                    "this command sends your certificate: give --p12, or --cert and --key");
        }
        return identity.certificatePem();
    }
}
