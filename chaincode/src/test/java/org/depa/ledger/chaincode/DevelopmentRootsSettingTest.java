package org.depa.ledger.chaincode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The development switch, {@code DEPA_ATTESTATION_DEVELOPMENT_ROOTS}, read by a real chaincode
 * process ({@link ChaincodeMain} as a chaincode server, as network.sh runs it): a malformed value
 * stops the process at start-up with one line naming the setting (chaincode/README.md), rather than
 * a process that serves and fails every proposal once the settings are first read; a well-formed
 * one lets it serve.
 */
class DevelopmentRootsSettingTest {
    @Test
    void aMalformedValueStopsTheChaincodeProcessAtStartUpWithOneLineNamingIt() throws Exception {
        Process p = chaincodeServer("any,not-a-pin", freePort());
        try {
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the process stops").isTrue();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.exitValue()).as(err).isEqualTo(2);
            // One line, no stack trace (a JVM's own "Picked up JAVA_TOOL_OPTIONS" notice aside).
            assertThat(err.lines().filter(l -> !l.startsWith("Picked up ")))
                    .containsExactly("chaincode: DEPA_ATTESTATION_DEVELOPMENT_ROOTS: 'not-a-pin' is neither 'any' nor"
                            + " the SHA-256 (64 hex digits) of a root's SubjectPublicKeyInfo");
        } finally {
            p.destroyForcibly();
        }
    }

    /** The control: the same process with a well-formed switch serves, so the stop above is the setting's. */
    @Test
    void aWellFormedValueLetsTheProcessServe() throws Exception {
        int port = freePort();
        Process p = chaincodeServer("any, " + "ab".repeat(32), port);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            boolean listening = false;
            while (!listening && p.isAlive() && System.nanoTime() < deadline) {
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    listening = true;
                } catch (IOException notYet) {
                    Thread.sleep(200);
                }
            }
            assertThat(listening)
                    .as("the chaincode server listens on %d (alive: %s)", port, p.isAlive())
                    .isTrue();
        } finally {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static Process chaincodeServer(String developmentRoots, int port) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                        ProcessHandle.current().info().command().orElse("java"),
                        "-cp",
                        System.getProperty("java.class.path"),
                        ChaincodeMain.class.getName())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("CHAINCODE_SERVER_ADDRESS", "127.0.0.1:" + port);
        pb.environment().put("CORE_CHAINCODE_ID_NAME", "depa:test");
        pb.environment().put("CORE_PEER_TLS_ENABLED", "false");
        pb.environment().put(ChaincodeSettings.DEVELOPMENT_ROOTS_ENV, developmentRoots);
        pb.environment().remove(ChaincodeSettings.TX_TIME_WINDOW_ENV);
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
