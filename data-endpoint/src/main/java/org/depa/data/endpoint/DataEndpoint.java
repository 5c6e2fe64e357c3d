package org.depa.data.endpoint;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A TDP's data endpoint: HTTPS on loopback with the TDP's server certificate, serving each published
 * dataset's ciphertext to anyone who asks (it is encrypted, and the clean room that fetches it has
 * no consortium identity; it checks the hash every party signed) and its sample only to consortium
 * members in good standing ({@link SampleGate}), every sample request written to the access log.
 *
 * <p>Why its own small server rather than a route of the TDP's kms-bridge or gateway: the bridge
 * holds the dataset keys and should do nothing else (bulk downloads beside key custody widen what
 * an attacker reaches), and the gateway is the ledger's API with 300 KiB bodies; a ciphertext is
 * gigabytes streamed with ranges. The JDK server needs no framework, so the same endpoint runs in
 * the embedded quick start's process, in the tests and as its own process.
 *
 * <p>Bounded: {@value #THREADS} handler threads; files are streamed in 64 KiB chunks (memory does
 * not grow with the file); a request whose headers have not arrived within {@value
 * #REQUEST_SECONDS} s is dropped by the JDK server's request timer.
 */
public final class DataEndpoint implements AutoCloseable {
    static final int THREADS = 8;
    static final int REQUEST_SECONDS = 10;

    static {
        // Read once, when the JDK's server implementation is first loaded in this process.
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", Integer.toString(REQUEST_SECONDS));
        }
    }

    private static final AtomicInteger SERVERS = new AtomicInteger();

    private final HttpsServer server;
    private final ExecutorService executor;
    private final AccessLog log;

    private DataEndpoint(HttpsServer server, ExecutorService executor, AccessLog log) {
        this.server = server;
        this.executor = executor;
        this.log = log;
    }

    /**
     * Serves {@code store} on 127.0.0.1 at {@code port} (0: an ephemeral one).
     *
     * @param tls the TDP's server certificate and key, trusting the consortium organisations' CAs for
     *     client certificates ({@link Tls#context})
     * @param accessLog the file every sample request (and every ciphertext download) is appended to
     */
    public static DataEndpoint start(DataStore store, SSLContext tls, SampleGate gate, Path accessLog, int port)
            throws IOException {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(gate, "gate");
        AccessLog log = AccessLog.open(accessLog);
        HttpsServer server = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 32);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters p = tls.getDefaultSSLParameters();
                // Wanted, not needed: the clean room fetches ciphertext without one; the sample route refuses it.
                p.setWantClientAuth(true);
                params.setSSLParameters(p);
            }
        });
        int n = SERVERS.incrementAndGet();
        AtomicInteger threads = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "depa-data-endpoint-" + n + "-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        ExecutorService executor = Executors.newFixedThreadPool(THREADS, factory);
        server.createContext("/", new EndpointRoutes(store, gate, log)::route);
        server.setExecutor(executor);
        server.start();
        return new DataEndpoint(server, executor, log);
    }

    /** {@code https://127.0.0.1:<port>/}. */
    public URI uri() {
        return URI.create("https://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** The location to register for {@code datasetId}'s ciphertext. */
    public URI ciphertextUri(String datasetId) {
        return DataPaths.ciphertext(uri(), datasetId);
    }

    /** The location to register for {@code datasetId}'s sample. */
    public URI sampleUri(String datasetId) {
        return DataPaths.sample(uri(), datasetId);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        log.close();
    }
}
