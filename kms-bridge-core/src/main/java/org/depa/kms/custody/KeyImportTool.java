package org.depa.kms.custody;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.depa.dataset.KeyFile;
import org.depa.ledger.model.Json;

/**
 * The kms-bridge's {@code import-key} command, a program of its own ({@code main}): what {@code depa kms import-key}
 * runs in a child JVM (the CLI does not link the bridge's custody classes) and what an operator runs on the bridge's
 * host with the bridge's class path. Prints one JSON object on stdout; exit 0 imported, 1 refused (key and dataset
 * do not match, the key id is taken, the store cannot be opened or refused the key), 2 usage or input error. The
 * store password (token PIN) comes from {@code --password-file} or {@value #PASSWORD_ENV}, the variable the bridge
 * itself reads; never from the command line.
 */
public final class KeyImportTool {
    /** The environment variable the bridge reads its store password from (kms-bridge's application.properties). */
    public static final String PASSWORD_ENV = "DEPA_KMS_KEYSTORE_PASSWORD";

    static final String USAGE = "usage: import-key --key FILE --dataset-id ID --ciphertext FILE [--key-id ID]\n"
            + "         (--pkcs12 FILE [--create] | --pkcs11 SUNPKCS11.cfg) [--password-file FILE] [--replace]\n"
            + "  the store password or token PIN: --password-file FILE or $" + PASSWORD_ENV + "\n"
            + "  the key id defaults to <dataset-id>-key: register the dataset with the keyId printed\n"
            + "       import-key --key FILE --sealed-spec FILE (--pkcs12 FILE [--create] | --pkcs11 CFG) ...\n"
            + "  a TDC's model-spec key (depa job seal-spec) into the TDC's own bridge, as spec-<commitment>";

    private KeyImportTool() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    /** Runs {@code import-key args}; returns the exit status. */
    public static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        String name = System.getProperty("depa.kms.program", "kms-bridge import-key");
        char[] password = null;
        try {
            Options o = Options.parse(args);
            if (o.help) {
                out.println(USAGE);
                return 0;
            }
            password = password(o.passwordFile, env);
            KeyImport.Result r = KeyImport.run(o.request(), password);
            out.println(json(r));
            return 0;
        } catch (KeyImport.InputException e) {
            err.println(name + ": " + e.getMessage());
            return 2;
        } catch (KeyImport.RefusedException e) {
            err.println(name + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            // No stack trace for people; custody and key-file messages hold no key.
            err.println(name + " failed unexpectedly: " + (e.getMessage() != null ? e.getMessage() : "no detail"));
            return 1;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static String json(KeyImport.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("imported", true);
        if (r.datasetId() != null) {
            m.put("datasetId", r.datasetId());
        }
        m.put("keyId", r.keyId());
        m.put("store", r.store());
        m.put("location", r.location().toString());
        m.put("entry", r.entry());
        m.put("created", r.created());
        m.put("replaced", r.replaced());
        m.put(
                "next",
                r.datasetId() != null
                        ? "register the dataset with keyId '" + r.keyId() + "' and this bridge's endpoint"
                        : "this bridge releases the spec key to an attested run of your job with this commitment");
        try {
            return Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(m);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The password from the file (one line, its line break dropped) or the environment; refused when neither. */
    static char[] password(Path file, Map<String, String> env) throws KeyImport.InputException {
        if (file == null) {
            String v = env.get(PASSWORD_ENV);
            if (v == null || v.isEmpty()) {
                throw new KeyImport.InputException(
                        "no store password: set " + PASSWORD_ENV + " or give --password-file FILE (never the"
                                + " password itself on the command line)",
                        null);
            }
            return v.toCharArray();
        }
        byte[] raw;
        try {
            raw = KeyFile.readCapped(file, 1024, "password file");
        } catch (java.nio.file.NoSuchFileException e) {
            throw new KeyImport.InputException("--password-file: no such file " + file, e);
        } catch (IOException | IllegalArgumentException e) {
            throw new KeyImport.InputException("--password-file: " + e.getMessage(), e);
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw));
            int end = chars.limit();
            if (end > 0 && chars.get(end - 1) == '\n') {
                end--;
            }
            if (end > 0 && chars.get(end - 1) == '\r') {
                end--;
            }
            char[] p = new char[end];
            chars.get(p, 0, end);
            Arrays.fill(chars.array(), '\0');
            for (char c : p) {
                if (c == '\n' || c == '\r') {
                    Arrays.fill(p, '\0');
                    throw new KeyImport.InputException("--password-file " + file + " holds more than one line", null);
                }
            }
            return p;
        } catch (CharacterCodingException e) {
            throw new KeyImport.InputException("--password-file " + file + " is not UTF-8 text", e);
        } finally {
            Arrays.fill(raw, (byte) 0);
        }
    }

    /** The command line, parsed by hand: the bridge's class path has no picocli. */
    private static final class Options {
        Path key;
        String datasetId;
        Path ciphertext;
        Path sealedSpec;
        String keyId;
        Path pkcs12;
        Path pkcs11;
        Path passwordFile;
        boolean create;
        boolean replace;
        boolean help;

        static Options parse(String[] args) throws KeyImport.InputException {
            Options o = new Options();
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--create" -> o.create = true;
                    case "--replace" -> o.replace = true;
                    case "-h", "--help" -> o.help = true;
                    case "--password", "--pin", "--password-env" -> throw new KeyImport.InputException(
                            a + " is not accepted: a password on the command line is visible to every user of"
                                    + " this machine; use --password-file FILE or $" + PASSWORD_ENV,
                            null);
                    default -> {
                        if (!a.startsWith("--") || !VALUED.contains(a)) {
                            throw new KeyImport.InputException(
                                    "unknown option '" + KeyImport.printable(a) + "'\n" + USAGE, null);
                        }
                        if (seen.contains(a)) {
                            throw new KeyImport.InputException(a + " is given twice", null);
                        }
                        seen.add(a);
                        if (i + 1 >= args.length) {
                            throw new KeyImport.InputException(a + " needs a value", null);
                        }
                        o.set(a, args[++i]);
                    }
                }
            }
            return o;
        }

        private static final List<String> VALUED = List.of(
                "--key",
                "--dataset-id",
                "--ciphertext",
                "--sealed-spec",
                "--key-id",
                "--pkcs12",
                "--pkcs11",
                "--password-file");

        private void set(String option, String value) throws KeyImport.InputException {
            if (value.isBlank()) {
                throw new KeyImport.InputException(option + " is empty", null);
            }
            switch (option) {
                case "--dataset-id" -> datasetId = value;
                case "--key-id" -> keyId = value;
                default -> {
                    if (value.indexOf('\0') >= 0) {
                        throw new KeyImport.InputException(option + ": a path cannot hold a NUL character", null);
                    }
                    Path p = Path.of(value).toAbsolutePath().normalize();
                    switch (option) {
                        case "--key" -> key = p;
                        case "--ciphertext" -> ciphertext = p;
                        case "--sealed-spec" -> sealedSpec = p;
                        case "--pkcs12" -> pkcs12 = p;
                        case "--pkcs11" -> pkcs11 = p;
                        default -> passwordFile = p;
                    }
                }
            }
        }

        KeyImport.Request request() throws KeyImport.InputException {
            if (sealedSpec != null && (datasetId != null || ciphertext != null)) {
                throw new KeyImport.InputException(
                        "--sealed-spec takes the place of --dataset-id and --ciphertext: give one or the other", null);
            }
            if (key == null || (sealedSpec == null && (datasetId == null || ciphertext == null))) {
                throw new KeyImport.InputException(
                        "--key with --dataset-id and --ciphertext (or --sealed-spec) are required\n" + USAGE, null);
            }
            if ((pkcs12 == null) == (pkcs11 == null)) {
                throw new KeyImport.InputException(
                        "give the bridge's key store: --pkcs12 FILE or --pkcs11 SUNPKCS11.cfg (one of them)", null);
            }
            if (create && pkcs12 == null) {
                throw new KeyImport.InputException("--create makes a PKCS#12 file; a token is initialised apart", null);
            }
            return new KeyImport.Request(
                    key,
                    datasetId,
                    ciphertext,
                    keyId,
                    pkcs12 != null ? KeyImport.StoreKind.PKCS12 : KeyImport.StoreKind.PKCS11,
                    pkcs12 != null ? pkcs12 : pkcs11,
                    create,
                    replace,
                    sealedSpec);
        }
    }
}
