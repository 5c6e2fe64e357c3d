package org.depa.ledger.model.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The house rules that hold the modules together, checked over every module's main code: the
 * catalogue is the only place transaction and event names are written; no module but
 * ledger-client reaches into the chaincode; cli reaches no service module; the chaincode reads
 * no wall clock but the one that bounds proposal times; files stay small.
 * Runs from ledger-model because every module depends on it, so it is built first.
 */
class RepositoryRulesTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final String CATALOGUE = "ledger-model/src/main/java/org/depa/ledger/model/catalogue/";
    private static final int MAX_MAIN_LINES = 400;
    private static List<Path> mainSources;

    @BeforeAll
    static void findSources() throws IOException {
        assertThat(ROOT.resolve("pom.xml"))
                .as("tests run from a module of the repository")
                .exists();
        try (Stream<Path> modules = Files.list(ROOT)) {
            List<Path> dirs = modules.map(m -> m.resolve("src/main/java"))
                    .filter(Files::isDirectory)
                    .toList();
            List<Path> out = new ArrayList<>();
            for (Path d : dirs) {
                try (Stream<Path> files = Files.walk(d)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(out::add);
                }
            }
            mainSources = out;
        }
        assertThat(mainSources).hasSizeGreaterThan(100);
    }

    @Test
    void transactionAndEventNamesAreWrittenOnlyInTheCatalogue() {
        Set<String> literals = Stream.concat(
                        TxCatalogue.all().stream().map(tx -> '"' + tx.name() + '"'),
                        Stream.of(EventType.values()).map(e -> '"' + e.wireName() + '"'))
                .collect(Collectors.toSet());
        List<String> offenders = new ArrayList<>();
        for (Path f : mainSources) {
            if (relative(f).startsWith(CATALOGUE)) {
                continue;
            }
            String text = read(f);
            literals.stream().filter(text::contains).forEach(l -> offenders.add(relative(f) + ": " + l));
        }
        assertThat(offenders).as("name literals outside the catalogue").isEmpty();
    }

    @Test
    void onlyLedgerClientImportsTheChaincode() {
        assertThat(importing("import org.depa.ledger.chaincode."))
                .allMatch(f -> f.startsWith("chaincode/") || f.startsWith("ledger-client/"));
    }

    @Test
    void cliImportsNoServiceModule() {
        assertThat(importing(
                        "import org.depa.ccr.",
                        "import org.depa.kms.bridge.",
                        "import org.depa.kms.custody.",
                        "import org.depa.ledger.chaincode."))
                .noneMatch(f -> f.startsWith("cli/"));
    }

    /**
     * The chaincode judges time by the transaction's timestamp (DepaContext.now), the same on every
     * peer, never by a clock of its own, which would make peers disagree. The one exception, named
     * here: the peer process's clock that ChaincodeMain gives ProposalTimeWindow, which only refuses
     * proposals stamped too far from it and never decides what is written.
     */
    @Test
    void theChaincodeReadsNoWallClockButTheProposalTimeWindows() {
        String allowedFile = "chaincode/src/main/java/org/depa/ledger/chaincode/ChaincodeMain.java";
        String allowedRead = "ProposalTimeWindow.fromEnvironment(Clock.systemUTC())";
        List<String> reads = List.of(
                "Clock.system",
                "Instant.now(",
                "System.currentTimeMillis(",
                "System.nanoTime(",
                "LocalDate.now(",
                "LocalDateTime.now(",
                "OffsetDateTime.now(",
                "ZonedDateTime.now(",
                "new Date(",
                "new java.util.Date(");
        List<String> offenders = new ArrayList<>();
        for (Path f : mainSources) {
            String file = relative(f);
            if (!file.startsWith("chaincode/")) {
                continue;
            }
            String text = read(f);
            if (file.equals(allowedFile)) {
                assertThat(text).as("the one allowed read").contains(allowedRead);
                text = text.replace(allowedRead, "");
            }
            reads.stream().filter(text::contains).forEach(r -> offenders.add(file + ": " + r));
        }
        assertThat(offenders).as("wall-clock reads in the chaincode").isEmpty();
    }

    @Test
    void mainCodeFilesStayUnderTheLimit() {
        List<String> large = mainSources.stream()
                .filter(f -> read(f).lines().count() > MAX_MAIN_LINES)
                .map(RepositoryRulesTest::relative)
                .toList();
        assertThat(large).as("main-code files over %d lines", MAX_MAIN_LINES).isEmpty();
    }

    private static List<String> importing(String... prefixes) {
        return mainSources.stream()
                .filter(f -> Stream.of(prefixes).anyMatch(read(f)::contains))
                .map(RepositoryRulesTest::relative)
                .toList();
    }

    private static String relative(Path f) {
        return ROOT.relativize(f).toString().replace('\\', '/');
    }

    private static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
