package org.depa.kms.custody;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;
import org.depa.dataset.DatasetCipher;
import org.depa.dataset.DatasetDecryptionException;
import org.depa.dataset.DatasetKey;
import org.depa.ledger.model.Fields;
import org.depa.ledger.model.LedgerRuleException;

/**
 * A TDP operator's provisioning step: a dataset key file made by {@code depa dataset keygen} into the key store its
 * kms-bridge opens, under the key id the bridge looks the dataset's key up by (the dataset's ledger {@code keyId}).
 * Before anything is stored, the key and the dataset id are checked against the dataset's ciphertext (its header and
 * first segment authenticate under this key only for this dataset id), so a key cannot be filed under another
 * dataset. Nothing here prints, logs or returns key material; every failure names what is wrong.
 */
public final class KeyImport {
    /** Key ids the import accepts: the ledger allows any text up to 200 characters; a store alias takes these. */
    static final Pattern KEY_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]{0,199}");

    /** A PKCS#12 store of dataset keys is a few hundred bytes a key; a larger file is not one. */
    static final long MAX_PKCS12_STORE = 16L << 20;
    /** A SunPKCS11 configuration is a few lines. */
    static final long MAX_PKCS11_CONFIG = 64L << 10;

    private KeyImport() {}

    /** Where the key goes. */
    public enum StoreKind {
        PKCS12,
        PKCS11
    }

    /**
     * @param keyFile the {@code depa-key v1 dataset} file
     * @param datasetId the dataset's ledger id, the one its ciphertext was made for
     * @param ciphertext the dataset's ciphertext ({@code depa dataset encrypt --out})
     * @param keyId the ledger {@code keyId} the dataset is (to be) registered with; null: {@code <datasetId>-key}
     * @param location the PKCS#12 file, or the SunPKCS11 configuration of the token
     * @param create for PKCS#12, make a new store file if there is none
     * @param replace replace a key already held under {@code keyId}
     */
    public record Request(
            Path keyFile,
            String datasetId,
            Path ciphertext,
            String keyId,
            StoreKind kind,
            Path location,
            boolean create,
            boolean replace,
            Path sealedSpec) {

        /** A dataset key's import (no sealed spec). */
        public Request(
                Path keyFile,
                String datasetId,
                Path ciphertext,
                String keyId,
                StoreKind kind,
                Path location,
                boolean create,
                boolean replace) {
            this(keyFile, datasetId, ciphertext, keyId, kind, location, create, replace, null);
        }
    }

    /**
     * What was done (no key material).
     *
     * @param entry the store's own name for the key: the PKCS#12 alias or the token object's label
     */
    public record Result(
            String datasetId,
            String keyId,
            String store,
            Path location,
            String entry,
            boolean created,
            boolean replaced) {}

    /** The operator's input is wrong (exit 2): options, files, the key file's kind. */
    public static final class InputException extends Exception {
        private static final long serialVersionUID = 1L;

        public InputException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Why an import was refused. */
    public enum Refusal {
        /** The key and its proof do not belong together (another dataset's key or ciphertext, another spec). */
        KEY_MISMATCH,
        /** The store holds a key under the id and no replacement was asked for. */
        KEY_ID_TAKEN,
        /** The store cannot be opened, or refused or could not use the key. */
        STORE
    }

    /** The import was refused (exit 1): key and dataset do not match, the id is taken, the store refused. */
    public static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final Refusal refusal;

        public RefusedException(String message, Throwable cause) {
            this(Refusal.STORE, message, cause);
        }

        public RefusedException(Refusal refusal, String message, Throwable cause) {
            super(message, cause);
            this.refusal = refusal;
        }

        public Refusal refusal() {
            return refusal;
        }
    }

    /** The key id the bridge looks a dataset's key up by when none is given: {@code <datasetId>-key}. */
    public static String defaultKeyId(String datasetId) {
        return datasetId + "-key";
    }

    /** Runs the import; {@code password} (store password or token PIN) is left for the caller to clear. */
    public static Result run(Request r, char[] password) throws InputException, RefusedException {
        Objects.requireNonNull(r, "request");
        if (r.sealedSpec() != null) {
            return SpecKeyImport.run(r, password);
        }
        String datasetId = datasetId("--dataset-id", r.datasetId());
        String keyId = r.keyId() == null ? defaultKeyId(datasetId) : r.keyId();
        requireKeyId("--key-id", keyId);
        requirePassword(password);
        regularFile(r.ciphertext(), "--ciphertext");
        boolean created = checkStore(r);
        DatasetKey key = readKey(r.keyFile());
        byte[] raw = key.bytes();
        try {
            try (InputStream in = Files.newInputStream(r.ciphertext())) {
                checkMadeWith(key, in, datasetId, r.ciphertext().toString());
            } catch (IOException e) {
                throw new InputException("--ciphertext: cannot read " + r.ciphertext() + ": " + e.getMessage(), e);
            }
            try (DatasetKeyStore store = open(r, password)) {
                boolean replaced = put(store, keyId, raw, r.replace());
                String entry = r.kind() == StoreKind.PKCS12 ? Pkcs12DatasetKeyStore.alias(keyId) : keyId;
                return new Result(datasetId, keyId, store.kind(), r.location(), entry, created, replaced);
            }
        } finally {
            Arrays.fill(raw, (byte) 0);
            key.destroy();
        }
    }

    static void requirePassword(char[] password) throws InputException {
        if (password == null || password.length == 0) {
            throw new InputException("the store password (or token PIN) is empty", null);
        }
    }

    /** {@code id} if it is a ledger dataset id; {@code name} names the field in the message. */
    static String datasetId(String name, String id) throws InputException {
        try {
            return Fields.id(name, id);
        } catch (LedgerRuleException e) {
            throw new InputException(
                    id == null
                            ? name + " is required"
                            : name + " '" + printable(id) + "' is not a ledger dataset id: " + e.getMessage(),
                    e);
        }
    }

    /** Refuses a key id a store alias cannot take; {@code name} names the field in the message. */
    static void requireKeyId(String name, String keyId) throws InputException {
        if (keyId == null || !KEY_ID.matcher(keyId).matches()) {
            throw new InputException(
                    name + " '" + printable(String.valueOf(keyId)) + "' must be 1-200 characters of A-Z, a-z, 0-9,"
                            + " '.', '_', ':' or '-', starting with a letter or digit",
                    null);
        }
    }

    /** Whether a new PKCS#12 file will be made. */
    static boolean checkStore(Request r) throws InputException {
        Path at = Objects.requireNonNull(r.location(), "location");
        if (r.kind() == StoreKind.PKCS11) {
            regularFile(at, "--pkcs11 (the SunPKCS11 configuration)");
            underCap(at, MAX_PKCS11_CONFIG, "--pkcs11 (the SunPKCS11 configuration)");
            return false;
        }
        if (Files.isRegularFile(at)) {
            underCap(at, MAX_PKCS12_STORE, "--pkcs12");
            return false;
        }
        if (Files.exists(at)) {
            throw new InputException("--pkcs12 " + at + " is not a regular file", null);
        }
        if (!r.create()) {
            throw new InputException(
                    "--pkcs12: there is no key store at " + at + " (add --create to make a new one there)", null);
        }
        return true;
    }

    private static void underCap(Path file, long max, String option) throws InputException {
        try {
            long size = Files.size(file);
            if (size > max) {
                throw new InputException(
                        option + ": " + file + " is " + size + " bytes, over the " + max + " a key store's file may be",
                        null);
            }
        } catch (IOException e) {
            throw new InputException(option + ": cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static void regularFile(Path file, String option) throws InputException {
        if (file == null) {
            throw new InputException(option + " is required", null);
        }
        if (!Files.exists(file)) {
            throw new InputException(option + ": no such file " + file, null);
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException(option + ": " + file + " is not a regular file", null);
        }
    }

    private static DatasetKey readKey(Path file) throws InputException {
        if (file == null) {
            throw new InputException("--key is required", null);
        }
        try {
            return DatasetKey.read(file);
        } catch (NoSuchFileException e) {
            throw new InputException("--key: no such file " + file, e);
        } catch (IOException | IllegalArgumentException e) {
            // KeyFile's messages name the file and the kinds, never the key.
            throw new InputException("--key: " + e.getMessage(), e);
        }
    }

    /**
     * The proof a dataset key import demands, whichever way the key comes: {@code key} with {@code datasetId} as
     * associated data made {@code ciphertext} (read up to its first segment only; {@code source} names it).
     */
    static void checkMadeWith(DatasetKey key, InputStream ciphertext, String datasetId, String source)
            throws RefusedException, IOException {
        try {
            DatasetCipher.create(key).checkMadeWith(ciphertext, datasetId);
        } catch (DatasetDecryptionException e) {
            throw new RefusedException(
                    Refusal.KEY_MISMATCH,
                    "the key in the key file did not make " + source + " for dataset '" + datasetId
                            + "': a wrong dataset id, another dataset's key or ciphertext; nothing imported",
                    e);
        }
    }

    static DatasetKeyStore open(Request r, char[] password) throws RefusedException {
        try {
            return r.kind() == StoreKind.PKCS12
                    ? DatasetKeyStore.pkcs12(r.location(), password)
                    : DatasetKeyStore.pkcs11(r.location(), password);
        } catch (KeyCustodyException e) {
            if (r.kind() == StoreKind.PKCS12) {
                throw new RefusedException(e.getMessage() + "; nothing imported", e);
            }
            throw new RefusedException(
                    "cannot open the PKCS#11 token (" + r.location() + "): " + tokenReason(e) + "; nothing imported",
                    e);
        }
    }

    /** The PKCS#11 reason under SunPKCS11's exceptions, in words where it is a common one. */
    static String tokenReason(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        if (m.contains("CKR_PIN_INCORRECT")) {
            return "wrong PIN (CKR_PIN_INCORRECT)";
        }
        if (m.contains("CKR_PIN_LOCKED")) {
            return "the PIN is locked (CKR_PIN_LOCKED)";
        }
        if (m.contains("CKR_SLOT_ID_INVALID") || m.contains("CKR_TOKEN_NOT_PRESENT")) {
            return "no such slot or token (" + m + "); check the configuration's slot and the token";
        }
        return m;
    }

    /**
     * Where a replacement is proven sealable before it takes the place of the key held: the key id
     * with this suffix. '#' is not allowed in a key id ({@link #KEY_ID}), so no key of the operator's
     * can be named so, and one found there is a leftover of an interrupted replacement.
     */
    static final String REPLACEMENT_CHECK_SUFFIX = "#replacement-check";

    /**
     * Stores the key and proves the bridge can seal with it; returns whether a key was replaced. A
     * replacement is first stored and checked under a scratch id beside the key it is to replace, so
     * that a key the bridge cannot seal with is refused without costing the operator the key held.
     */
    static boolean put(DatasetKeyStore store, String keyId, byte[] raw, boolean replace) throws RefusedException {
        boolean held;
        try {
            held = store.contains(keyId);
        } catch (KeyCustodyException e) {
            throw new RefusedException("the store refused the key: " + e.getMessage(), e);
        }
        if (held && !replace) {
            throw new RefusedException(
                    Refusal.KEY_ID_TAKEN,
                    "the store already holds a key '" + keyId + "' (add --replace to replace it); nothing imported",
                    null);
        }
        if (!held) {
            storeSealable(store, keyId, raw, "");
            return false;
        }
        String scratch = keyId + REPLACEMENT_CHECK_SUFFIX;
        try {
            if (store.contains(scratch)) {
                store.deleteKey(scratch);
            }
        } catch (KeyCustodyException e) {
            throw new RefusedException("the store refused the key: " + e.getMessage(), e);
        }
        storeSealable(store, scratch, raw, "; the key held under '" + keyId + "' is unchanged");
        try {
            store.deleteKey(scratch);
            store.replaceKey(keyId, raw);
        } catch (KeyCustodyException e) {
            throw new RefusedException("the store refused the key: " + e.getMessage(), e);
        }
        return true;
    }

    /** Imports {@code raw} under {@code id} and checks it seals; a key that does not is removed again. */
    private static void storeSealable(DatasetKeyStore store, String id, byte[] raw, String whatRemains)
            throws RefusedException {
        try {
            store.importKey(id, raw);
        } catch (KeyCustodyException e) {
            throw new RefusedException("the store refused the key: " + e.getMessage() + whatRemains, e);
        }
        try {
            store.checkSealable(id);
        } catch (KeyCustodyException e) {
            String undo = "removed again";
            try {
                store.deleteKey(id);
            } catch (KeyCustodyException d) {
                undo = "and could not be removed (" + d.getMessage() + ")";
            }
            throw new RefusedException(
                    "the key was stored but the bridge could not seal with it (" + e.getMessage() + "); " + undo
                            + whatRemains,
                    e);
        }
    }

    /** A value for a message: control characters shown as '?', at most 80 characters. */
    static String printable(String s) {
        String t = s.codePoints()
                .map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                .toString();
        return t.length() > 80 ? t.substring(0, 80) + "..." : t;
    }
}
