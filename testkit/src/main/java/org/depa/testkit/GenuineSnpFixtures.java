package org.depa.testkit;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * AMD's genuine SEV-SNP attestation reports and their signing certificates, kept once under
 * {@code attestation/src/test/resources/snp} (its SOURCE.md says where each comes from), and the
 * launch measurements they carry. The attestation module reads the files from its class path; other
 * modules' tests pass them to the depa command as files. The Milan measurement doubles as the
 * clean room's certified measurement in the ledger tests, so that one value runs from AMD's report
 * to the contract.
 */
public final class GenuineSnpFixtures {
    /** The launch measurement of {@link #MILAN_REPORT}. */
    public static final String MILAN_MEASUREMENT =
            "7a1e5c266c0108dbc9bb94fa926951320940915d0aafb42464bd88b579ea158d3e1a0dc39b2c60bd95b9c480cd81841f";
    /** The launch measurement of {@link #MILAN_DEBUG_REPORT}. */
    public static final String MILAN_DEBUG_MEASUREMENT =
            "b07af9620f3b839b47996422ddec6058338951d984e312115131ea82705eaf5b6bdf8a9ece31a5a608eb0cf2e4872b01";
    /** The launch measurement of {@link #GENOA_REPORT}. */
    public static final String GENOA_MEASUREMENT =
            "bece7399a4da054a63a2e3fa1a47ff98c88e391d4379126fc4e75c677f25b6cd6bfd8ef609a8638049633ac7e00e4ac1";

    /** Milan, report version 2, VMPL 0: genuine, accepted under a strict policy. */
    public static final String MILAN_REPORT = "milan-v2-report.bin";
    /** The VCEK (DER) that signed {@link #MILAN_REPORT}. */
    public static final String MILAN_VCEK = "milan-v2-vcek.der";
    /** Milan with the DEBUG policy bit: genuine signature, refused by policy. */
    public static final String MILAN_DEBUG_REPORT = "milan-v2-debug-report.bin";
    /** The VCEK (DER) that signed {@link #MILAN_DEBUG_REPORT}. */
    public static final String MILAN_DEBUG_VCEK = "milan-v2-debug-vcek.der";
    /** Genoa, report version 5: genuine. */
    public static final String GENOA_REPORT = "genoa-v5-report.bin";
    /** VCEK, ASK and ARK (PEM) of {@link #GENOA_REPORT}. */
    public static final String GENOA_VCEK_CHAIN = "genoa-v5-vcek-chain.pem";

    /** Where the files are, as a class-path directory (the attestation module's own tests). */
    public static final String RESOURCE_DIRECTORY = "/snp/";

    private static final Path FROM_ROOT = Path.of("attestation", "src", "test", "resources", "snp");

    private GenuineSnpFixtures() {}

    /**
     * The fixtures' directory, found from the working directory upwards: Surefire runs each module's
     * tests in the module's directory, an IDE often in the repository root.
     */
    public static Path directory() {
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve(FROM_ROOT);
            if (Files.isRegularFile(candidate.resolve(MILAN_REPORT))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no " + FROM_ROOT + " above " + start);
    }

    /** One fixture file, e.g. {@code file(MILAN_REPORT)}. */
    public static Path file(String name) {
        return directory().resolve(name);
    }
}
