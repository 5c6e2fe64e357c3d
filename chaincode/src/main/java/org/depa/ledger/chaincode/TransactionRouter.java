package org.depa.ledger.chaincode;

import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.hyperledger.fabric.contract.execution.InvocationRequest;
import org.hyperledger.fabric.metrics.Metrics;
import org.hyperledger.fabric.protos.peer.ChaincodeMessage;
import org.hyperledger.fabric.shim.ChaincodeBase;
import org.hyperledger.fabric.shim.ChaincodeStub;
import org.hyperledger.fabric.shim.ResponseUtils;
import org.hyperledger.fabric.traces.Traces;

/**
 * The chaincode's own router: dispatches init and invoke to the {@code @Transaction} methods of
 * {@link ExplicitRegistry#CONTRACTS} by the qualified transaction name ({@code area:method}).
 * It replaces Fabric's {@code ContractRouter}, whose constructor scans the whole class path for
 * serializers (1.5 s of a chaincode JVM's 2.5 s start-up CPU) although every argument and result
 * here is a string. Everything a caller can see is Fabric 2.5.10's: the name split on ':' (not
 * exactly two parts: the "default" area), an empty invocation answered with an empty success, an
 * unknown area "Undefined contract called", an unknown method the area's
 * {@code unknownTransaction} ("Undefined contract method called"), arguments as UTF-8 strings
 * (too few: "Unexpected error"; extra ones ignored), a contract instance and context per call,
 * a {@code ChaincodeException}'s message and payload as the error, anything else "Error during
 * contract method execution", and {@code org.hyperledger.fabric:GetMetadata} (built on its first
 * call). {@code TransactionRouterEquivalenceTest} (ledger-client) runs both routers on the same
 * invocations and compares responses, reads, writes and events. One addition, in a peer's process
 * only: a proposal stamped further from the process's clock than its window is refused before it
 * is routed ({@link ProposalTimeWindow}); the in-process router has no window.
 */
public final class TransactionRouter extends ChaincodeBase {
    private static final Logger LOG = Logger.getLogger(TransactionRouter.class.getName());
    private static final Pattern NAMESPACE_SEPARATOR = Pattern.compile(":");

    /**
     * Transactions the process runs at once (the shim's pool; Fabric's default is five). A
     * transaction spends most of its time waiting for the peer's answers to its state calls (a
     * lifecycle transaction makes a dozen round trips), and clients submit in bursts: a committed
     * block releases every client it held, and each proposal is endorsed by two organisations'
     * chaincode processes, so a process receives up to two thirds of the clients' proposals at once.
     * With five threads the rest queued behind whole transactions of waiting.
     */
    static final int TRANSACTION_THREADS = 32;

    private final Routes routes = Routes.shared();
    /** A peer's process: refuses proposals stamped too far from its clock. Null in process (no client stamps). */
    private final ProposalTimeWindow timeWindow;

    private TransactionRouter(ProposalTimeWindow timeWindow) {
        this.timeWindow = timeWindow;
    }

    /**
     * The router of a chaincode process: the peer address, package id, TLS files and the rest
     * read from the command line and the environment, as Fabric's router reads them; every
     * proposal is checked against {@code timeWindow} before it is routed.
     */
    static TransactionRouter forProcess(String[] args, ProposalTimeWindow timeWindow) {
        TransactionRouter router = withTimeWindow(timeWindow);
        router.initializeLogging();
        router.processEnvironmentOptions();
        router.processCommandLineOptions(args);
        router.validateOptions();
        Properties props = router.getChaincodeConfig();
        Metrics.initialize(props);
        Traces.initialize(props);
        return router;
    }

    /**
     * The router of an in-process ledger: no peer, no options, the process's logging untouched, and
     * no time window (the embedded ledger stamps each transaction with its own clock).
     */
    public static TransactionRouter inProcess() {
        return new TransactionRouter(null);
    }

    /** A peer process's routing without the peer connection's options: {@link #forProcess}, and tests. */
    static TransactionRouter withTimeWindow(ProposalTimeWindow timeWindow) {
        return new TransactionRouter(Objects.requireNonNull(timeWindow, "timeWindow"));
    }

    /**
     * Serves the peer: as a chaincode server when CHAINCODE_SERVER_ADDRESS is set (Fabric's
     * chaincode-as-a-service builder dials it; {@link PeerServer}), otherwise by dialling the peer.
     */
    public void serve() throws Exception {
        if (isServer()) {
            PeerServer.serve(this, getChaincodeServerConfig());
        } else {
            connectToPeer();
        }
    }

    /**
     * Fabric's configuration (a {@code config.props} on the class path, if any), with this
     * process's transaction pool unless that file sets one.
     */
    @Override
    public Properties getChaincodeConfig() {
        Properties props = super.getChaincodeConfig();
        String threads = Integer.toString(TRANSACTION_THREADS);
        props.putIfAbsent("TP_CORE_POOL_SIZE", threads);
        props.putIfAbsent("TP_MAX_POOL_SIZE", threads);
        return props;
    }

    /**
     * The peer's stream of messages to this chaincode, given the stream back: the shim's task manager
     * between them. Messages go to it on the caller's thread ({@link PeerServer}: the event loop); the
     * end of the stream goes on a thread of its own, because the shim then shuts the task manager down
     * and waits up to a minute for transactions still waiting for this stream's answers, and the event
     * loop must meanwhile serve the peer's next stream.
     */
    StreamObserver<ChaincodeMessage> chatWithPeer(StreamObserver<ChaincodeMessage> toPeer) {
        StreamObserver<ChaincodeMessage> toTasks;
        try {
            toTasks = connectToPeer(toPeer);
        } catch (IOException e) {
            throw new UncheckedIOException("the chaincode's options are incomplete", e);
        }
        return new StreamObserver<>() {
            @Override
            public void onNext(ChaincodeMessage message) {
                toTasks.onNext(message);
            }

            @Override
            public void onError(Throwable t) {
                endOfStream(() -> toTasks.onError(t));
            }

            @Override
            public void onCompleted() {
                endOfStream(toTasks::onCompleted);
            }
        };
    }

    private static void endOfStream(Runnable shutdown) {
        Thread t = new Thread(shutdown, "chaincode-stream-end");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public Response init(ChaincodeStub stub) {
        return route(stub);
    }

    @Override
    public Response invoke(ChaincodeStub stub) {
        return route(stub);
    }

    @SuppressWarnings("IllegalCatch") // what Fabric's router does: every failure becomes an error response
    private Response route(ChaincodeStub stub) {
        try {
            if (timeWindow != null) {
                // Before anything else, queries included: a time outside the window is refused whatever it asks.
                timeWindow.check(stub.getTxTimestamp());
            }
            List<byte[]> argv = stub.getArgs();
            if (argv.isEmpty()) {
                return ResponseUtils.newSuccessResponse();
            }
            String function = new String(argv.get(0), StandardCharsets.UTF_8);
            String[] parts = NAMESPACE_SEPARATOR.split(function);
            String area = parts.length == 2 ? parts[0] : InvocationRequest.DEFAULT_NAMESPACE;
            String method = parts.length == 2 ? parts[1] : parts[0];
            // Only the name: arguments may carry what a log must not (the shim's router logged them at INFO).
            LOG.log(Level.FINE, "routing {0}:{1}", new Object[] {area, method});
            return routes.find(area, method).execute(stub, argv.subList(1, argv.size()));
        } catch (Throwable t) {
            return ResponseUtils.newErrorResponse(t);
        }
    }
}
