package org.depa.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Usage and input errors exit 2 with a one-line message and never a stack trace: the cases the
 * issue found, then every option of every command with hostile values.
 */
class UsageErrorsTest {
    @TempDir
    static Path dir;

    static final String MILAN = Path.of("..", "attestation", "src", "test", "resources", "snp")
            .toAbsolutePath()
            .normalize()
            .toString();

    /** Where the sweep points commands that reach out: nothing answers there, whatever runs on the machine. */
    static UnreachableAddresses nowhere;

    @BeforeAll
    static void files() throws Exception {
        CliRun.in(dir, "dataset", "keygen", "--out", "data.key");
        CliRun.in(dir, "dataset", "keygen", "--kind", "pseudonym", "--out", "join.key");
        Files.writeString(dir.resolve("t.csv"), "a,b\n1,2\n");
        Files.writeString(dir.resolve("input.txt"), "{}\n");
        Files.createDirectories(dir.resolve("not-a-demo"));
        Files.writeString(dir.resolve("not-a-demo/thesis.tex"), "years of work\n");
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("huge.bin").toFile(), "rw")) {
            f.setLength(3L << 30); // sparse 3 GB
        }
        nowhere = UnreachableAddresses.in(dir.resolve("unreachable-network"));
    }

    static Stream<Arguments> cases() {
        String[] enc = {"dataset", "encrypt", "--in", "t.csv", "--out", "t.enc", "--key", "data.key"};
        return Stream.of(
                Arguments.of("empty --dataset-id", cat(enc, "--dataset-id", ""), "--dataset-id is empty"),
                Arguments.of("blank --dataset-id", cat(enc, "--dataset-id", "  "), "--dataset-id is empty"),
                Arguments.of(
                        "--in /dev/zero",
                        new String[] {
                            "dataset",
                            "encrypt",
                            "--in",
                            "/dev/zero",
                            "--out",
                            "z",
                            "--key",
                            "data.key",
                            "--dataset-id",
                            "d"
                        },
                        "not a regular file"),
                Arguments.of(
                        "--in missing",
                        new String[] {
                            "dataset",
                            "decrypt",
                            "--in",
                            "nope.enc",
                            "--out",
                            "z",
                            "--key",
                            "data.key",
                            "--dataset-id",
                            "d"
                        },
                        "does not exist"),
                Arguments.of(
                        "--in a directory",
                        new String[] {"dataset", "prepare", "--in", ".", "--out", "z"},
                        "not a regular file"),
                Arguments.of(
                        "--key /dev/zero",
                        cat(
                                new String[] {
                                    "dataset", "encrypt", "--in", "t.csv", "--out", "t.enc", "--key", "/dev/zero"
                                },
                                "--dataset-id",
                                "d"),
                        "larger than 1024 bytes"),
                Arguments.of(
                        "--key 3 GB",
                        cat(
                                new String[] {
                                    "dataset", "encrypt", "--in", "t.csv", "--out", "t.enc", "--key", "huge.bin"
                                },
                                "--dataset-id",
                                "d"),
                        "3221225472 bytes"),
                Arguments.of("empty --out", cat(enc, "--dataset-id", "d", "--out", ""), "empty path"),
                Arguments.of(
                        "--kind bogus", new String[] {"dataset", "keygen", "--kind", "bogus", "--out", "k"}, "--kind"),
                Arguments.of("attest --vmpl 99", attest("--vmpl", "99"), "--vmpl must be 0, 1, 2 or 3"),
                Arguments.of("attest --vmpl -1", attest("--vmpl", "-1"), "--vmpl must be 0, 1, 2 or 3"),
                Arguments.of("attest --vmpl x", attest("--vmpl", "x"), "--vmpl"),
                Arguments.of(
                        "attest 3 GB report",
                        new String[] {
                            "attest", "verify", "--report", "huge.bin", "--certs", MILAN + "/milan-v2-vcek.der"
                        },
                        "3221225472 bytes; at most 4096"),
                Arguments.of(
                        "attest /dev/zero report",
                        new String[] {
                            "attest", "verify", "--report", "/dev/zero", "--certs", MILAN + "/milan-v2-vcek.der"
                        },
                        "larger than 4096 bytes"),
                Arguments.of(
                        "attest /dev/zero certs",
                        new String[] {
                            "attest", "verify", "--report", MILAN + "/milan-v2-report.bin", "--certs", "/dev/zero"
                        },
                        "larger than 1048576 bytes"),
                Arguments.of("demo: unknown scenario", new String[] {"demo", "flu"}, "the only one is: covid"),
                Arguments.of("demo: empty --dir", new String[] {"demo", "covid", "--dir", ""}, "empty path"),
                Arguments.of(
                        "demo: --dir not a demo's",
                        new String[] {"demo", "covid", "--dir", "not-a-demo"},
                        "refusing to wipe"),
                Arguments.of(
                        "demo: --dashboard over the ledger",
                        new String[] {"demo", "covid", "--dashboard", "--via", "ledger"},
                        "--dashboard needs a gateway"),
                Arguments.of(
                        "demo: --deployment with --via",
                        new String[] {"demo", "covid", "--deployment", "--via", "ledger"},
                        "leave out --via"),
                Arguments.of(
                        "demo: --data /dev/zero", new String[] {"demo", "covid", "--data", "/dev/zero"}, "missing"),
                Arguments.of(
                        "unknown option", new String[] {"dataset", "keygen", "--out", "k", "--otu", "x"}, "--otu"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void exitsTwoWithAMessage(String name, String[] args, String message) throws Exception {
        CliRun.in(dir, args).isUsageError(message);
        assertThat(dir.resolve("not-a-demo/thesis.tex")).exists();
    }

    /**
     * The sweep's network fixture is reached, not refused as a file: {@code audit export} loads
     * its TLS and user files, connects to a port nothing listens on, and fails naming the peer.
     */
    @Test
    void auditExportOfANetworkNobodyAnswersFailsNamingThePeer() {
        CliRun r = CliRun.in(
                dir,
                "audit",
                "export",
                "--out",
                "bundle-" + System.nanoTime(),
                "--org",
                "SROMSP",
                "--network",
                nowhere.network().toString());
        r.isClean();
        assertThat(r.status()).as("exit status; stderr: %s", r.err()).isEqualTo(1);
        assertThat(r.err()).contains("127.0.0.1:" + nowhere.port()).contains("UNAVAILABLE");
    }

    /**
     * Every option of every command but demo (which would run the scenario), each given values a
     * careless or hostile user might: whatever the command makes of them, it prints no stack trace
     * and exits with one of its documented codes, with a message when it is not 0 (a verdict or a
     * refusal on stdout counts for 1).
     */
    @Test
    void everyOptionOfEveryCommandWithHostileValues() {
        List<String> seen = new ArrayList<>();
        String[] hostile = {"", "/dev/zero", "no-such-file", "99", "huge.bin"};
        for (CommandSpec c : leaves(Main.commandLine(dir).getCommandSpec())) {
            if (c.qualifiedName().startsWith("depa demo") || c.qualifiedName().startsWith("depa help")) {
                continue;
            }
            for (OptionSpec o : c.options()) {
                if (o.arity().max() == 0 || o.usageHelp() || o.versionHelp()) {
                    continue;
                }
                for (String bad : hostile) {
                    List<String> args = new ArrayList<>(List.of(
                            c.qualifiedName().substring("depa ".length()).split(" ")));
                    for (OptionSpec r : c.requiredArgs().stream()
                            .filter(OptionSpec.class::isInstance)
                            .map(OptionSpec.class::cast)
                            .toList()) {
                        if (r != o) {
                            args.add(r.longestName());
                            args.add(placeholder(r));
                        }
                    }
                    args.addAll(pointedNowhere(c, o));
                    args.add(o.longestName());
                    args.add(bad);
                    CliRun r = CliRun.in(dir, args.toArray(String[]::new));
                    r.isClean();
                    assertThat(r.status()).as("%s: %s", args, r.err()).isBetween(0, 3);
                    if (r.status() == 2 || r.status() == 3) {
                        assertThat(r.err()).as("%s", args).isNotBlank();
                    } else if (r.status() == 1) {
                        assertThat(r.err() + r.out()).as("%s", args).isNotBlank();
                    }
                    seen.add(c.qualifiedName() + " " + o.longestName());
                }
            }
        }
        assertThat(seen).hasSizeGreaterThan(200);
    }

    /**
     * The sweep's own fixture, not a hostile value: a command that reaches a gateway, a Fabric
     * network or a payment chain is pointed where nothing answers, unless that option is the one
     * under test. Left to their defaults they would reach whatever runs on the machine: {@code
     * depa.home}'s var/network (its peers at 127.0.0.1:7051...) while a network is up, an anvil
     * on 8545, a gateway on 8443.
     */
    private static List<String> pointedNowhere(CommandSpec c, OptionSpec underTest) {
        String command = c.qualifiedName();
        List<String> pointer;
        if (command.startsWith("depa api") || command.startsWith("depa job") || command.startsWith("depa dashboard")) {
            pointer = List.of("--gateway", nowhere.gatewayUrl());
        } else if (command.equals("depa audit export")) {
            pointer = List.of("--network", nowhere.network().toString());
        } else if (command.startsWith("depa pay")) {
            pointer = List.of("--rpc-url", nowhere.rpcUrl());
        } else {
            return List.of();
        }
        return pointer.get(0).equals(underTest.longestName()) ? List.of() : pointer;
    }

    private static String placeholder(OptionSpec o) {
        return switch (o.longestName()) {
            case "--key" -> "data.key";
            case "--pseudonym-key" -> "join.key";
            case "--out" -> "out-" + System.nanoTime();
            case "--report" -> MILAN + "/milan-v2-report.bin";
            case "--certs" -> MILAN + "/milan-v2-vcek.der";
            default -> o.type() == Path.class ? "input.txt" : "x";
        };
    }

    private static List<CommandSpec> leaves(CommandSpec spec) {
        List<CommandSpec> out = new ArrayList<>();
        if (spec.subcommands().isEmpty()) {
            out.add(spec);
        }
        for (CommandLine sub : spec.subcommands().values()) {
            if (!out.contains(sub.getCommandSpec()) && sub.getCommandSpec() != spec) {
                for (CommandSpec leaf : leaves(sub.getCommandSpec())) {
                    if (!out.contains(leaf)) {
                        out.add(leaf);
                    }
                }
            }
        }
        return out;
    }

    private static String[] attest(String... more) {
        return cat(
                new String[] {
                    "attest",
                    "verify",
                    "--report",
                    MILAN + "/milan-v2-report.bin",
                    "--certs",
                    MILAN + "/milan-v2-vcek.der"
                },
                more);
    }

    private static String[] cat(String[] a, String... b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
