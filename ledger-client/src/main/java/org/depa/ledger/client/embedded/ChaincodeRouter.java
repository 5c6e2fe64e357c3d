package org.depa.ledger.client.embedded;

import java.util.logging.Level;
import java.util.logging.Logger;
import org.depa.ledger.chaincode.ChaincodeSettings;
import org.depa.ledger.chaincode.ExplicitRegistry;
import org.hyperledger.fabric.contract.ContractRouter;
import org.hyperledger.fabric.shim.Chaincode.Response;
import org.hyperledger.fabric.shim.ChaincodeServer;
import org.hyperledger.fabric.shim.ChaincodeStub;

/**
 * Fabric's own ContractRouter, started without a peer connection: the embedded ledger dispatches
 * through exactly the routing, argument conversion and error handling a peer's chaincode process
 * uses, with the chaincode's transaction classes registered by name (no class-path scan). Built
 * once per JVM.
 */
final class ChaincodeRouter {
    private static volatile ContractRouter router;

    private ChaincodeRouter() {}

    static Response invoke(ChaincodeStub stub) {
        return instance().invoke(stub);
    }

    private static ContractRouter instance() {
        ContractRouter r = router;
        if (r == null) {
            synchronized (ChaincodeRouter.class) {
                r = router;
                if (r == null) {
                    r = start();
                    router = r;
                }
            }
        }
        return r;
    }

    private static ContractRouter start() {
        // The router reformats the root log handlers and logs its start-up and class scan at INFO; it
        // is a library here, not a process, so its start runs with the root handlers detached.
        Logger root = Logger.getLogger("");
        java.util.logging.Handler[] handlers = root.getHandlers();
        for (java.util.logging.Handler h : handlers) {
            root.removeHandler(h);
        }
        ContractRouter r;
        try {
            // The router's --id is a chaincode package id (name:label), not a transaction name.
            // The transaction classes registered by name, as the chaincode process does: no
            // class-path scan at start-up (chaincode's ExplicitRegistry).
            r = ExplicitRegistry.router(new String[] {"--id", ChaincodeSettings.DEFAULT_CHAINCODE_NAME + ":embedded"});
            r.startRouterWithChaincodeServer(new NoServer());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the chaincode router", e);
        } finally {
            for (java.util.logging.Handler h : handlers) {
                root.addHandler(h);
            }
        }
        // The router logs every invocation at INFO and every refusal with a stack trace; in-process
        // that is noise on the caller's console. Refusals reach the caller as LedgerExceptions.
        // The router set explicit levels on its own loggers, so quieten each of them, not just the parent.
        java.util.Collections.list(java.util.logging.LogManager.getLogManager().getLoggerNames()).stream()
                .filter(name -> name.startsWith("org.hyperledger"))
                .forEach(name -> Logger.getLogger(name).setLevel(Level.WARNING));
        Logger.getLogger("org.hyperledger").setLevel(Level.WARNING);
        // Refusals (NOT_FOUND for a receipt not yet submitted, ...) are answers, not errors: FINE, no stack trace.
        org.depa.ledger.chaincode.RefusalLog.install();
        return r;
    }

    /** The router's "server" for in-process use: there is nothing to listen on. */
    private static final class NoServer implements ChaincodeServer {
        @Override
        public void start() {}

        @Override
        public void stop() {}
    }
}
