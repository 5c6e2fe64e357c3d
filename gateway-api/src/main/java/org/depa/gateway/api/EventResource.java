package org.depa.gateway.api;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.depa.gateway.auth.Access;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * Ledger events as server-sent events: each carries its block number as id, so a client resumes
 * after a disconnect with {@code from = last id + 1}.
 */
@Path("/v1/events")
@Singleton
@Tag(name = "events")
public class EventResource {
    private static final Logger LOG = Logger.getLogger(EventResource.class);

    @Inject
    Calls calls;

    // The ledger's event iterator blocks; each stream gets a thread of its own, not an event-loop or worker thread.
    private final ExecutorService streams = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "depa-event-stream");
        t.setDaemon(true);
        return t;
    });

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Access(sro = true)
    public void stream(
            @QueryParam("from") @DefaultValue("0") long from,
            @QueryParam("limit") Integer limit,
            @Context SseEventSink sink,
            @Context Sse sse) {
        if (from < 0 || (limit != null && limit < 1)) {
            throw new GatewayException(GatewayCode.INVALID_PARAMETER, "'from' must be >= 0 and 'limit' >= 1");
        }
        LedgerClient client = calls.client();
        streams.execute(() -> pump(client, from, limit, sink, sse));
    }

    private static void pump(LedgerClient client, long from, Integer limit, SseEventSink sink, Sse sse) {
        int sent = 0;
        try (sink;
                LedgerClient.EventStream events = client.events(from)) {
            while (!sink.isClosed() && (limit == null || sent < limit) && events.hasNext()) {
                LedgerEventRecord e = events.next();
                sink.send(sse.newEventBuilder()
                                .id(Long.toString(e.blockNumber()))
                                .name(e.name())
                                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                                .data(new String(e.payload(), StandardCharsets.UTF_8))
                                .build())
                        .toCompletableFuture()
                        .join();
                sent++;
            }
        } catch (RuntimeException e) {
            LOG.debugf("event stream ended: %s", e.toString());
        }
    }

    @PreDestroy
    void stop() {
        streams.shutdownNow();
    }
}
