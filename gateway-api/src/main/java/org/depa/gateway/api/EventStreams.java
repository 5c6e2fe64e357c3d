package org.depa.gateway.api;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.depa.gateway.config.GatewayConfig;
import org.depa.gateway.problem.GatewayCode;
import org.depa.gateway.problem.GatewayException;
import org.depa.ledger.client.LedgerClient;
import org.depa.ledger.client.LedgerEventRecord;
import org.jboss.logging.Logger;

/**
 * The event streams' bounded pool. At most {@code depa.gateway.events.max-streams} streams at once (one more is
 * refused with 503 TOO_MANY_STREAMS before the stream opens); each has a pump thread blocked on the ledger's event
 * iterator, and one shared watchdog that every {@code heartbeat} sends an SSE comment on each stream. A stream
 * whose client has gone (the sink is closed or the heartbeat cannot be written) or that sent no event for
 * {@code idle-timeout} is closed: closing the ledger iterator wakes its pump, which ends and frees its slot. So an
 * abandoned stream holds its thread for at most one heartbeat, not until the next ledger event.
 */
@Singleton
public class EventStreams {
    private static final Logger LOG = Logger.getLogger(EventStreams.class);

    @Inject
    GatewayConfig config;

    private int maxStreams;
    private Duration heartbeat;
    private Duration idleTimeout;

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger threadNumber = new AtomicInteger();
    private volatile Semaphore slots;
    private volatile ExecutorService pumps;
    private volatile ScheduledExecutorService watchdog;

    private synchronized void init() {
        if (slots != null) {
            return;
        }
        maxStreams = config.events().maxStreams();
        heartbeat = config.events().heartbeat();
        idleTimeout = config.events().idleTimeout();
        if (maxStreams < 1) {
            throw new IllegalStateException("depa.gateway.events.max-streams must be at least 1");
        }
        pumps = Executors.newFixedThreadPool(maxStreams, r -> {
            Thread t = new Thread(r, "depa-event-stream-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "depa-event-watchdog");
            t.setDaemon(true);
            return t;
        });
        slots = new Semaphore(maxStreams);
    }

    /** Streams open now. */
    public int open() {
        return open.get();
    }

    /** Which events a stream sends, and after which one it ends (every event, never, for {@code /v1/events}). */
    public interface Filter {
        Filter ALL = new Filter() {
            @Override
            public boolean accepts(LedgerEventRecord e) {
                return true;
            }

            @Override
            public boolean last(LedgerEventRecord e) {
                return false;
            }
        };

        boolean accepts(LedgerEventRecord e);

        /** True when the stream ends after sending {@code e} (an accepted event). */
        boolean last(LedgerEventRecord e);
    }

    /** Starts a stream of every event, or refuses with 503 TOO_MANY_STREAMS when every slot is taken. */
    void start(LedgerClient client, long from, Integer limit, SseEventSink sink, Sse sse) {
        start(client, from, limit, Filter.ALL, sink, sse);
    }

    /** Starts a stream of the events {@code filter} accepts; a limit counts only those. */
    public void start(LedgerClient client, long from, Integer limit, Filter filter, SseEventSink sink, Sse sse) {
        init();
        if (!slots.tryAcquire()) {
            throw new GatewayException(
                    GatewayCode.TOO_MANY_STREAMS,
                    "all " + maxStreams + " event streams are in use; retry later, resuming from the last id + 1");
        }
        open.incrementAndGet();
        Stream stream;
        try {
            stream = new Stream(client.events(from), limit, filter, sink, sse);
        } catch (RuntimeException e) {
            release();
            throw e;
        }
        try {
            // The response head goes out from the request thread, before the pump may write or close:
            // otherwise RESTEasy's own initial response races the pump's first event and fails with
            // "Response head already sent" (seen when a job's whole stream was already on the ledger).
            stream.send(sse.newEventBuilder().comment("stream open").build())
                    .toCompletableFuture()
                    .join();
        } catch (RuntimeException e) {
            stream.end();
            release();
            throw e;
        }
        long period = Math.max(1, heartbeat.toMillis());
        stream.beat = watchdog.scheduleAtFixedRate(stream::check, period, period, TimeUnit.MILLISECONDS);
        try {
            pumps.execute(stream::pump);
        } catch (RuntimeException e) {
            stream.end();
            release();
            throw e;
        }
    }

    private void release() {
        open.decrementAndGet();
        slots.release();
    }

    @PreDestroy
    void stop() {
        if (pumps != null) {
            pumps.shutdownNow();
            watchdog.shutdownNow();
        }
    }

    private final class Stream {
        private final LedgerClient.EventStream events;
        private final Integer limit;
        private final Filter filter;
        private final SseEventSink sink;
        private final Sse sse;
        private volatile long lastEventNanos = System.nanoTime();
        private volatile boolean ended;
        volatile ScheduledFuture<?> beat;

        Stream(LedgerClient.EventStream events, Integer limit, Filter filter, SseEventSink sink, Sse sse) {
            this.events = events;
            this.limit = limit;
            this.filter = filter;
            this.sink = sink;
            this.sse = sse;
        }

        void pump() {
            int sent = 0;
            try {
                while (!ended && !sink.isClosed() && (limit == null || sent < limit) && events.hasNext()) {
                    LedgerEventRecord e = events.next();
                    if (!filter.accepts(e)) {
                        continue;
                    }
                    send(sse.newEventBuilder()
                                    .id(Long.toString(e.blockNumber()))
                                    .name(e.name())
                                    .mediaType(MediaType.APPLICATION_JSON_TYPE)
                                    .data(new String(e.payload(), StandardCharsets.UTF_8))
                                    .build())
                            .toCompletableFuture()
                            .join();
                    lastEventNanos = System.nanoTime();
                    sent++;
                    if (filter.last(e)) {
                        break;
                    }
                }
            } catch (RuntimeException e) {
                LOG.debugf("event stream ended: %s", e.toString());
            } finally {
                end();
                release();
            }
        }

        /** The watchdog's round: idle limit, then a heartbeat that finds a client that has gone. */
        void check() {
            if (ended) {
                return;
            }
            if (sink.isClosed()) {
                end();
                return;
            }
            if (System.nanoTime() - lastEventNanos >= idleTimeout.toNanos()) {
                LOG.debugf("event stream idle for %s; closing it", idleTimeout);
                end();
                return;
            }
            try {
                send(sse.newEventBuilder().comment("heartbeat").build()).whenComplete((ok, failure) -> {
                    if (failure != null) {
                        end();
                    }
                });
            } catch (RuntimeException e) {
                end();
            }
        }

        synchronized CompletionStage<?> send(OutboundSseEvent event) {
            return sink.send(event);
        }

        /** Stops the watchdog, closes the ledger iterator (which wakes the pump) and the sink. Idempotent. */
        void end() {
            if (ended) {
                return;
            }
            ended = true;
            ScheduledFuture<?> b = beat;
            if (b != null) {
                b.cancel(false);
            }
            try {
                events.close();
            } catch (RuntimeException e) {
                LOG.debugf("closing the event iterator: %s", e.toString());
            }
            try {
                sink.close();
            } catch (RuntimeException e) {
                LOG.debugf("closing the event sink: %s", e.toString());
            }
        }
    }
}
