package org.depa.gateway.api;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import org.depa.gateway.auth.Access;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Ledger events as server-sent events: each carries its block number as id, so a client resumes
 * after a disconnect with {@code from = last id + 1}. Streams are bounded ({@link EventStreams}): heartbeat
 * comments, an idle limit, and a cap on concurrent streams (503 TOO_MANY_STREAMS).
 */
@Path("/v1/events")
@Singleton
@Tag(name = "events")
public class EventResource {
    @Inject
    Calls calls;

    @Inject
    EventStreams streams;

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Access(sro = true)
    public void stream(
            @QueryParam("from")
                    @Parameter(
                            description = "first block (default 0)",
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "0"))
                    String from,
            @QueryParam("limit")
                    @Parameter(
                            description = "stop after this many events (1..1000000)",
                            schema = @Schema(type = SchemaType.INTEGER, minimum = "1"))
                    String limit,
            @Context SseEventSink sink,
            @Context Sse sse) {
        long start = Calls.longParam("from", from, 0, Long.MAX_VALUE, 0);
        Integer max = limit == null ? null : (int) Calls.longParam("limit", limit, 1, 1_000_000, 1);
        streams.start(calls.client(), start, max, sink, sse);
    }
}
