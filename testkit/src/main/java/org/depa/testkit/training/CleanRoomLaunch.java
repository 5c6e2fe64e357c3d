package org.depa.testkit.training;

import java.nio.file.Path;
import java.util.List;

/**
 * How the tests' operators launch the real clean room ({@code org.depa.ccr.agent.CleanRoomMain})
 * on an emulated host: the image's measured settings, and the child JVM's command line (the test's
 * class path, DJL offline on PyTorch with one thread, DJL's cache from the test JVM's
 * {@code DJL_CACHE_DIR}).
 */
public final class CleanRoomLaunch {
    private CleanRoomLaunch() {}

    /**
     * The image's {@code agent.properties}: evidence from the emulated chip saved at {@code chipFile}
     * with the certified {@code measurement}, the ledger's channel and chaincode, and {@code clock}
     * ({@code system}, or an instant for a ledger on a fixed clock).
     */
    public static String agentProperties(
            Path chipFile, String measurement, String channel, String chaincode, String clock) {
        return "evidence=emulated\nevidence.emulated.chip=" + chipFile
                + "\nevidence.emulated.measurement=" + measurement
                + "\nledger.channel=" + channel
                + "\nledger.chaincode=" + chaincode
                + "\nclock=" + clock + "\n";
    }

    /** The command line of one launch: the operator replaces {@code configPlaceholder} with the job's file. */
    public static List<String> command(Path agentProperties, String configPlaceholder) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return List.of(
                java.toString(),
                "-Xmx512m",
                "-Dai.djl.offline=true",
                "-Dai.djl.default_engine=PyTorch",
                "-DDJL_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"),
                "-DENGINE_CACHE_DIR=" + System.getProperty("DJL_CACHE_DIR"),
                "-Dai.djl.pytorch.num_interop_threads=1",
                "-Dai.djl.pytorch.num_threads=1",
                "-cp",
                System.getProperty("java.class.path"),
                "org.depa.ccr.agent.CleanRoomMain",
                agentProperties.toString(),
                configPlaceholder);
    }
}
