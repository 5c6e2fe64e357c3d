package org.depa.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code depa kms}: the TDP's own kms-bridge, from the operator's side. {@code import-key --bridge URL} puts a key file
 * of {@code depa dataset keygen} into the running bridge over mutual TLS ({@link KmsBridgeImport}: the owner's
 * administrative route; releasable at once). Without {@code --bridge} (bootstrapping a bridge that is not running) it
 * writes the bridge's key store by running the bridge's own {@code import-key} program (kms-bridge-core's
 * {@code org.depa.kms.custody.KeyImportTool}) in a JVM of its own, with this command's class path: the CLI does not
 * link the bridge's custody classes (the house rule), and the key never passes through this process. Exit codes: 0
 * imported, 1 refused, 2 usage or input error, 3 the bridge did not answer.
 */
@Command(
        name = "kms",
        description = "Your own kms-bridge (a TDP's, or the TDC's): import a key into its store, ask it over mutual"
                + " TLS whether it holds one.",
        subcommands = {KmsCommand.ImportKey.class, KmsKeyStatusCommand.class})
final class KmsCommand implements Runnable {
    /** The bridge's import program, run by name: cli must not import kms-bridge classes. */
    static final String IMPORT_TOOL = "org.depa.kms.custody.KeyImportTool";

    private static final Logger LOG = Logger.getLogger("org.depa.cli");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "import-key",
            description = {
                "Put a dataset key file (depa dataset keygen) into the kms-bridge's key store (PKCS#12 file or"
                        + " PKCS#11 token), under the key id the bridge looks it up by, after checking that the key"
                        + " and the dataset id made the dataset's ciphertext; or (--sealed-spec) a TDC's spec key"
                        + " (depa job seal-spec) into the TDC's own bridge, after checking it opens the sealed spec.",
                "Into a running bridge: --bridge https://... with your mutual TLS material (--tls-ca, --tls-cert,"
                        + " --tls-key; only the bridge's owner is admitted); it releases the key at once.",
                "Into the store of a bridge that is not running (bootstrap): --pkcs12 or --pkcs11; the store"
                        + " password or token PIN: --password-file FILE or $DEPA_KMS_KEYSTORE_PASSWORD (as the bridge"
                        + " reads it); never on the command line. The bridge reads its store at start.",
                "Exit 0 imported, 1 refused (key and dataset do not match, key id taken, store cannot be opened,"
                        + " not the bridge's owner), 2 usage or input error, 3 the bridge did not answer."
            })
    static final class ImportKey implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--key", required = true, description = "The dataset key file (depa-key v1 dataset).")
        Path key;

        @Option(names = "--dataset-id", description = "The dataset's ledger id.")
        String datasetId;

        @Option(
                names = "--sealed-spec",
                description = "Instead of --dataset-id and --ciphertext: a TDC's sealed spec (depa job seal-spec);"
                        + " --key is then its spec key, filed under spec-<commitment> in the TDC's own bridge.")
        Path sealedSpec;

        @Option(
                names = "--ciphertext",
                description = "The dataset's ciphertext (depa dataset encrypt --out): proves key and id belong"
                        + " together.")
        Path ciphertext;

        @Option(
                names = "--key-id",
                description = "The keyId the dataset is registered with (default <dataset-id>-key).")
        String keyId;

        @Option(
                names = "--bridge",
                description = "Your running bridge's https URL (without a #pin): import over mutual TLS, no restart.")
        URI bridge;

        @Option(names = "--tls-ca", description = "With --bridge, PEM: your organisation's TLS CA.")
        Path tlsCa;

        @Option(names = "--tls-cert", description = "With --bridge, PEM: your own TLS client certificate.")
        Path tlsCert;

        @Option(names = "--tls-key", description = "With --bridge, PEM (PKCS#8): the key of --tls-cert.")
        Path tlsKey;

        @Option(names = "--pkcs12", description = "The bridge's PKCS#12 key store (depa.kms.keystore.path).")
        Path pkcs12;

        @Option(names = "--create", description = "Make a new PKCS#12 store if there is none at --pkcs12.")
        boolean create;

        @Option(
                names = "--pkcs11",
                description = "The bridge's SunPKCS11 configuration (depa.kms.keystore.pkcs11-config).")
        Path pkcs11;

        @Option(names = "--password-file", description = "A file holding the store password or token PIN (one line).")
        Path passwordFile;

        @Option(names = "--replace", description = "Replace a key already held under the key id.")
        boolean replace;

        /** Refused with a reason: a password on the command line is visible to every user of the machine. */
        @Option(
                names = {"--password", "--pin"},
                hidden = true)
        String passwordArgument;

        @Override
        public Integer call() throws IOException, InterruptedException {
            if (passwordArgument != null) {
                throw new UsageError("--password and --pin are not accepted: a password on the command line is"
                        + " visible to every user of this machine; use --password-file FILE or"
                        + " $DEPA_KMS_KEYSTORE_PASSWORD");
            }
            if ((sealedSpec == null) == (datasetId == null && ciphertext == null)) {
                throw new UsageError("give --dataset-id and --ciphertext (a TDP's dataset key) or --sealed-spec (a"
                        + " TDC's spec key), not both");
            }
            if (bridge != null) {
                if (pkcs12 != null || pkcs11 != null || create || passwordFile != null) {
                    throw new UsageError("--bridge imports into the running bridge over mutual TLS: --pkcs12,"
                            + " --pkcs11, --create and --password-file are for a bridge that is not running");
                }
                return KmsBridgeImport.run(
                        new KmsBridgeImport.Options(
                                bridge, tlsCa, tlsCert, tlsKey, key, datasetId, ciphertext, sealedSpec, keyId, replace),
                        spec.commandLine().getOut(),
                        spec.commandLine().getErr());
            }
            if (tlsCa != null || tlsCert != null || tlsKey != null) {
                throw new UsageError("--tls-ca, --tls-cert and --tls-key go with --bridge");
            }
            if ((pkcs12 == null) == (pkcs11 == null)) {
                throw new UsageError("give the running bridge (--bridge URL with --tls-ca, --tls-cert, --tls-key) or"
                        + " the store of a bridge that is not running (--pkcs12 FILE or --pkcs11 SUNPKCS11.cfg)");
            }
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Ddepa.kms.program=depa kms import-key",
                    "-cp",
                    System.getProperty("java.class.path"),
                    IMPORT_TOOL));
            add(command, "--key", key);
            add(command, "--dataset-id", datasetId);
            add(command, "--ciphertext", ciphertext);
            add(command, "--sealed-spec", sealedSpec);
            add(command, "--key-id", keyId);
            add(command, "--pkcs12", pkcs12);
            add(command, "--pkcs11", pkcs11);
            add(command, "--password-file", passwordFile);
            if (create) {
                command.add("--create");
            }
            if (replace) {
                command.add("--replace");
            }
            return runTool(command);
        }

        private static void add(List<String> command, String option, Object value) {
            if (value != null) {
                command.add(option);
                command.add(value.toString());
            }
        }

        /** Runs the bridge's program, relays its stdout and stderr, returns its exit status. */
        private int runTool(List<String> command) throws IOException, InterruptedException {
            Path out = Files.createTempFile("depa-kms", ".out");
            Path err = Files.createTempFile("depa-kms", ".err");
            try {
                Process p = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.PIPE)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                p.getOutputStream().close();
                if (!p.waitFor(10, TimeUnit.MINUTES)) {
                    p.destroyForcibly();
                    throw new IOException("the bridge's import-key program did not finish in 10 minutes");
                }
                PrintWriter o = spec.commandLine().getOut();
                PrintWriter e = spec.commandLine().getErr();
                o.print(Files.readString(out, StandardCharsets.UTF_8));
                o.flush();
                e.print(Files.readString(err, StandardCharsets.UTF_8));
                e.flush();
                LOG.info(() -> "kms import-key: dataset " + datasetId + ", exit " + p.exitValue());
                return p.exitValue() <= 2 ? p.exitValue() : Main.FAILED;
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        }
    }
}
