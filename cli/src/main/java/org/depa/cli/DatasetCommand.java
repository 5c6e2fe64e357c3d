package org.depa.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import org.depa.dataset.ColumnPolicy;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetDecryptionException;
import org.depa.dataset.DatasetKey;
import org.depa.dataset.DatasetPreparer;
import org.depa.dataset.PseudonymKey;
import org.depa.dataset.Pseudonymiser;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code depa dataset}: a TDP's tools to get a table ready for the ledger. Every subcommand
 * prints one JSON object on stdout; exit 0 on success, 1 when the data is refused (bad
 * ciphertext, a policy naming a missing column), 2 on a usage or file error.
 */
@Command(
        name = "dataset",
        description =
                "TDP dataset tools: key generation, pseudonymisation, encryption, publishing on your data endpoint.",
        subcommands = {
            DatasetCommand.Keygen.class,
            DatasetCommand.Prepare.class,
            DatasetCommand.Encrypt.class,
            DatasetCommand.Decrypt.class,
            DatasetPublishCommand.class
        })
final class DatasetCommand implements Runnable {
    static final int OK = 0;
    static final int REFUSED = 1;
    static final int INPUT_ERROR = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static void printJson(CommandSpec spec, Map<String, Object> fields) {
        try {
            PrintWriter out = spec.commandLine().getOut();
            out.println(new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(fields));
            out.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static int fail(CommandSpec spec, int status, String message) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("depa dataset: " + message);
        err.flush();
        return status;
    }

    @Command(
            name = "keygen",
            description = "Create a dataset key (AES-256) or a pseudonym key in a new owner-only file whose first"
                    + " line says which it is.")
    static final class Keygen implements Callable<Integer> {
        enum Kind {
            dataset,
            pseudonym
        }

        @Spec
        CommandSpec spec;

        @Option(names = "--kind", defaultValue = "dataset", description = "dataset or pseudonym (default dataset).")
        Kind kind;

        @Option(
                names = "--out",
                required = true,
                description = "The new key file; an existing file is never overwritten.")
        Path out;

        @Override
        public Integer call() {
            try {
                if (kind == Kind.dataset) {
                    DatasetKey k = DatasetKey.generate();
                    try {
                        k.writeNew(out);
                    } finally {
                        k.destroy();
                    }
                } else {
                    PseudonymKey.generate().writeNew(out);
                }
            } catch (FileAlreadyExistsException e) {
                return fail(spec, INPUT_ERROR, out + " exists; a key file is never overwritten");
            } catch (IOException e) {
                return fail(spec, INPUT_ERROR, "cannot write " + out + ": " + e.getMessage());
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("kind", kind.name());
            o.put("file", out.toString());
            printJson(spec, o);
            return OK;
        }
    }

    @Command(
            name = "prepare",
            description = "Drop direct identifiers and replace join columns by keyed pseudonyms (HMAC-SHA-256).")
    static final class Prepare implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--in", required = true, description = "The CSV table, header row first.")
        Path in;

        @Option(
                names = "--out",
                required = true,
                description = "The prepared CSV; not over an existing file without --force.")
        Path out;

        @Option(names = "--force", description = "Overwrite --out if it exists (never the input or a key file).")
        boolean force;

        @Option(names = "--drop", split = ",", description = "Columns to remove (comma-separated; repeatable).")
        List<String> drop = List.of();

        @Option(
                names = "--pseudonymise",
                split = ",",
                description = "Columns to replace by keyed pseudonyms, e.g. the join column.")
        List<String> pseudonymise = List.of();

        @Option(
                names = "--pseudonym-key",
                description =
                        "Key file shared by the TDPs whose tables are joined (depa dataset keygen --kind pseudonym).")
        Path pseudonymKey;

        @Override
        public Integer call() {
            ColumnPolicy policy;
            Pseudonymiser pseudonymiser = null;
            Inputs.checkStreamed(in, Inputs.TABLE_MAX, "--in");
            Inputs.checkOutput(out, force, in, pseudonymKey);
            try {
                policy = new ColumnPolicy(new TreeSet<>(drop), new TreeSet<>(pseudonymise));
                if (!pseudonymise.isEmpty()) {
                    if (pseudonymKey == null) {
                        return fail(spec, INPUT_ERROR, "--pseudonymise needs --pseudonym-key");
                    }
                    pseudonymiser = new Pseudonymiser(PseudonymKey.read(pseudonymKey));
                }
            } catch (IllegalArgumentException e) {
                return fail(spec, INPUT_ERROR, e.getMessage());
            } catch (IOException e) {
                return fail(spec, INPUT_ERROR, "cannot read " + pseudonymKey + ": " + Inputs.reason(e));
            }
            DatasetPreparer.Report report;
            try {
                report = new DatasetPreparer(policy, pseudonymiser).prepare(in, out);
            } catch (IllegalArgumentException e) {
                return fail(spec, REFUSED, e.getMessage());
            } catch (IOException e) {
                return fail(spec, INPUT_ERROR, in + ": " + Inputs.reason(e));
            }
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("rows", report.rows());
            o.put("kept", report.kept());
            o.put("dropped", report.dropped());
            o.put("pseudonymised", report.pseudonymised());
            o.put("file", out.toString());
            printJson(spec, o);
            return OK;
        }
    }

    /**
     * Encrypt and decrypt take the same four options and handle the key file alike: read it,
     * refuse a bad one as an input error, and destroy the key bytes when done.
     */
    abstract static class CipherCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--in", required = true, description = "The file to read.")
        Path in;

        @Option(
                names = "--out",
                required = true,
                description = "The file to write; not created on failure, not over an existing file without --force.")
        Path out;

        @Option(names = "--force", description = "Overwrite --out if it exists (never the input or a key file).")
        boolean force;

        @Option(names = "--key", required = true, description = "The dataset key file (depa dataset keygen).")
        Path key;

        @Option(
                names = "--dataset-id",
                required = true,
                description = "The dataset's ledger id, bound into the ciphertext.")
        String datasetId;

        @Override
        public final Integer call() {
            if (datasetId.isBlank()) {
                return fail(spec, INPUT_ERROR, "--dataset-id is empty; give the dataset's ledger id");
            }
            Inputs.checkStreamed(in, Inputs.TABLE_MAX, "--in");
            Inputs.checkOutput(out, force, in, key);
            DatasetKey k;
            try {
                k = DatasetKey.read(key);
            } catch (IOException e) {
                return fail(spec, INPUT_ERROR, "cannot read the key file " + key + ": " + Inputs.reason(e));
            } catch (IllegalArgumentException e) {
                return fail(spec, INPUT_ERROR, e.getMessage());
            }
            try {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("datasetId", datasetId);
                o.put("file", out.toString());
                run(DatasetCipher.create(k), o);
                printJson(spec, o);
                return OK;
            } catch (DatasetDecryptionException e) {
                return fail(spec, REFUSED, e.getMessage());
            } catch (IOException e) {
                return fail(spec, INPUT_ERROR, in + ": " + Inputs.reason(e));
            } finally {
                k.destroy();
            }
        }

        /** Does the work and adds its figures to {@code output}. */
        abstract void run(DatasetCipher cipher, Map<String, Object> output) throws IOException;
    }

    @Command(
            name = "encrypt",
            description = "Encrypt a table under its dataset key (Tink streaming AEAD) and print the"
                    + " ciphertext SHA-256 to register on the ledger.")
    static final class Encrypt extends CipherCommand {
        @Override
        void run(DatasetCipher cipher, Map<String, Object> o) throws IOException {
            DatasetCipher.EncryptionResult r = cipher.encryptFile(in, out, datasetId);
            o.put("plaintextBytes", r.plaintextBytes());
            o.put("ciphertextBytes", r.ciphertextBytes());
            o.put("ciphertextSha256", r.ciphertextSha256());
        }
    }

    @Command(name = "decrypt", description = "Decrypt a dataset ciphertext (a TDP checking its own upload).")
    static final class Decrypt extends CipherCommand {
        @Override
        void run(DatasetCipher cipher, Map<String, Object> o) throws IOException {
            o.put("plaintextBytes", cipher.decryptFile(in, out, datasetId));
        }
    }
}
