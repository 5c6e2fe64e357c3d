package org.depa.demo;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** One run of the COVID demo from the tests, on the embedded ledger, with what it printed. */
record DemoRun(int status, String printed) {

    static DemoRun of(Path dir, CovidDemo.Via via, Path gatewayJar) throws Exception {
        System.setProperty(
                "depa.home", Path.of("..").toAbsolutePath().normalize().toString());
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int status;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            status = CovidDemo.run(
                    new CovidDemo.Options(
                            Path.of("..", "data", "covid-poc"),
                            dir,
                            true,
                            CovidDemo.Ledger.EMBEDDED,
                            via,
                            gatewayJar,
                            ""),
                    out);
        }
        return new DemoRun(status, bytes.toString(StandardCharsets.UTF_8));
    }
}
