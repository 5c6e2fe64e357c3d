package org.depa.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The gateway's settings, under {@code depa.gateway}. */
@ConfigMapping(prefix = "depa.gateway")
public interface GatewayConfig {

    /**
     * The organisations (MSP ids) this gateway acts for. In production this is the one
     * organisation that runs it; a demo on the embedded ledger may serve several.
     */
    List<String> organisations();

    /** The regulator's organisation, as the chaincode is configured. */
    @WithDefault("SROMSP")
    String sroMspId();

    /**
     * SHA-256 (hex, of the DER encoding) of the client certificates of SRO operators. They act
     * for the SRO organisation, which is not a participant, so they cannot be found in the registry.
     */
    Optional<List<String>> sroOperators();

    /** The channel the chaincode runs on: part of every signing payload's domain. */
    @WithDefault("depa")
    String channel();

    /** The chaincode's name: part of every signing payload's domain. */
    @WithDefault("depa")
    String chaincode();

    Ledger ledger();

    /** Request lines (path and query) longer than this are refused with 414 URI_TOO_LONG. */
    @WithDefault("8192")
    int maxUriLength();

    Events events();

    /**
     * Where each CCR provider's operator serves its jobs' progress and sealed output to this
     * organisation, by the CCR provider's participant id: {@code depa.gateway.job-outputs."ccr-id".url}
     * and {@code .token-file} (the bearer token that provider issued to this organisation; the
     * operator keeps only its hash). A CCR provider not listed: its jobs' outputs are 503.
     */
    java.util.Map<String, JobOutputSource> jobOutputs();

    /**
     * The TDPs' data endpoints (issue 11), from which this gateway fetches dataset samples for its
     * participants: {@code depa.gateway.data-endpoints.trust} (PEM: the endpoints' certificates or
     * CAs, the only ones trusted), {@code .client-certificate} and {@code .client-key} (PEM: this
     * organisation's gateway identity, which each TDP's endpoint pins to this organisation). Absent:
     * samples are 503 DATA_ENDPOINT_UNAVAILABLE.
     */
    DataEndpoints dataEndpoints();

    /** How this gateway reaches the TDPs' data endpoints. */
    interface DataEndpoints {
        Optional<Path> trust();

        Optional<Path> clientCertificate();

        Optional<Path> clientKey();
    }

    /** One CCR provider's operator, as this gateway reaches it. */
    interface JobOutputSource {
        /** The operator's job-output service, e.g. {@code http://127.0.0.1:9444}. */
        String url();

        /** A file holding this organisation's token for that operator (owner-only). */
        Path tokenFile();
    }

    Audit audit();

    /**
     * The auditor's verification run by the gateway ({@code POST /v1/audit/verifications}, the
     * dashboard's audit page): over a copy of this organisation's ledger, bounded in time and size,
     * at most one at a time per caller and {@code max-running} in all.
     */
    interface Audit {
        /** Where the copies (bundles) and reports are kept; a fresh owner-only temporary directory when absent. */
        Optional<Path> directory();

        /** A verification still running after this is stopped and answered 503 VERIFICATION_TOO_LONG. */
        @WithDefault("PT2M")
        java.time.Duration maxDuration();

        /** A ledger (the embedded ledger's file, or a Fabric export) above this many bytes is not copied (503 VERIFICATION_TOO_LONG). */
        @WithDefault("268435456")
        long maxLedgerBytes();

        /** Verifications running at once, over all callers; one more is 503 TOO_MANY_VERIFICATIONS. */
        @WithDefault("2")
        int maxRunning();

        /** Finished verifications kept (each caller's last one; the oldest goes first). */
        @WithDefault("16")
        int maxKept();
    }

    PaymentChain paymentChain();

    /**
     * The payment chain the payment pages read balances from and the verification checks
     * settlements against, read-only (no key): {@code rpc-url}, {@code chain-id} (checked against
     * the node's) and {@code escrow} (the DepaEscrow's address; its token is read from it), or
     * {@code file}: a properties file with {@code rpcUrl}, {@code chainId} and {@code escrow}, written
     * by whoever deployed the chain (the deployment's {@code payments/chain.properties}, the demo's
     * {@code chain/chain.properties}) and read when a page needs it, so the gateway may start before
     * the chain. Not configured: the pages say so and the verification runs without the chain check.
     */
    interface PaymentChain {
        Optional<String> rpcUrl();

        Optional<Long> chainId();

        Optional<String> escrow();

        Optional<Path> file();
    }

    Dashboard dashboard();

    /** The web dashboard's logins (org.depa.gateway.dashboard). */
    interface Dashboard {
        /** How long a login URL from {@code POST /v1/dashboard/sessions} may be opened (once). */
        @WithDefault("PT60S")
        java.time.Duration loginValidity();

        /** A session unused for this long is over. */
        @WithDefault("PT30M")
        java.time.Duration idleTimeout();

        /** A session is over this long after its login, used or not. */
        @WithDefault("PT8H")
        java.time.Duration absoluteTimeout();

        /** Sessions (and, separately, pending logins) held at once; past this new logins are 503. */
        @WithDefault("1000")
        int maxSessions();
    }

    /** The bounds of {@code /v1/events} streams. */
    interface Events {
        /** Streams open at once; one more is refused with 503 TOO_MANY_STREAMS. */
        @WithDefault("64")
        int maxStreams();

        /** How often each stream gets a heartbeat comment (which also finds clients that have gone). */
        @WithDefault("PT15S")
        java.time.Duration heartbeat();

        /** A stream that sent no event for this long is closed; the client resumes with from = last id + 1. */
        @WithDefault("PT10M")
        java.time.Duration idleTimeout();
    }

    /** Which ledger the gateway talks to. */
    interface Ledger {
        @WithDefault("embedded")
        Mode mode();

        /** Embedded ledger: persist here; in memory when absent. */
        Optional<Path> directory();

        /**
         * Embedded ledger: the development switch of its chaincode, as a peer's
         * {@code DEPA_ATTESTATION_DEVELOPMENT_ROOTS}: attestation roots trusted besides AMD's, each the
         * SHA-256 (hex) of a root's SubjectPublicKeyInfo, or {@code any}. Absent (the default): AMD's
         * roots only. Recorded on the ledger when it is initialised; every audit flags it.
         */
        Optional<java.util.List<String>> developmentRoots();

        /** Fabric: the network directory network.sh writes (network-config/var/network). */
        Optional<Path> fabricNetwork();

        /**
         * Fabric: the participants' ledger identities, one directory per participant named by the
         * SHA-256 (hex, of the DER) of its mutual-TLS certificate, holding {@code cert.pem} (its
         * enrolment certificate, issued by its organisation's CA with the client OU) and
         * {@code key.pem}. A caller without one may not act (fail closed).
         */
        Optional<Path> fabricClients();

        /** Fabric: the user of each organisation the gateway reads and the SRO's operators submit as. */
        @WithDefault("User1")
        String fabricUser();
    }

    /** The two ledgers a gateway can use. */
    enum Mode {
        EMBEDDED,
        FABRIC
    }
}
