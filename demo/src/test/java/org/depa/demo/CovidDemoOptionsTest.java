package org.depa.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Inputs and options the demo refuses before it touches its folder. */
class CovidDemoOptionsTest {
    @TempDir
    Path dir;

    @Test
    void theGatewayOnTheFabricNetworkIsAUsageErrorAndNothingIsWiped() throws Exception {
        Path kept = Files.writeString(dir.resolve("kept.txt"), "an earlier run");
        int status = run(new CovidDemo.Options(
                Path.of("..", "data", "covid-poc"),
                dir,
                true,
                CovidDemo.Ledger.FABRIC,
                CovidDemo.Via.GATEWAY,
                null,
                "t"));
        assertThat(status).isEqualTo(2);
        assertThat(kept).exists();
    }

    @Test
    void aDataFolderWithoutTheThreeTablesIsAUsageErrorAndNothingIsWiped() throws Exception {
        Path kept = Files.writeString(dir.resolve("kept.txt"), "an earlier run");
        Path empty = Files.createDirectories(dir.resolve("no-data"));
        int status =
                run(new CovidDemo.Options(empty, dir, true, CovidDemo.Ledger.EMBEDDED, CovidDemo.Via.LEDGER, null, ""));
        assertThat(status).isEqualTo(2);
        assertThat(kept).exists();
    }

    private static int run(CovidDemo.Options options) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            int status = CovidDemo.run(options, out);
            assertThat(bytes.toString(StandardCharsets.UTF_8))
                    .as("nothing printed on a refusal")
                    .isEmpty();
            return status;
        }
    }
}
