package org.depa.cli.api;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import org.depa.ledger.model.LedgerRuleException;
import org.depa.ledger.model.crypto.ModelSpecCommitments;
import org.depa.modelspec.ModelSpecException;
import org.depa.modelspec.ModelSpecs;

/**
 * The TDC's model spec and its salt, on the TDC's machine only. The spec file is read (at most
 * {@link ModelSpecCommitments#MAX_SPEC_CHARS} characters, strict UTF-8) and checked to be one strict
 * JSON object (the shared spec validator is not applied here); the salt lives in a file of its own
 * next to the spec ({@code SPEC.salt}) or where {@code --salt-file} says. A salt file is created only
 * where no file exists, owner-read-only, and never overwritten: losing it makes the commitment
 * impossible to open, replacing it breaks every contract signed over it.
 *
 * @param commitment the salted commitment (SHA-256 hex) that goes to the ledger; nothing else does
 */
record JobSpec(Path spec, Path saltFile, boolean saltCreated, String commitment) {
    static final String HEADER = "# depa model-spec salt v1";
    private static final long SALT_FILE_MAX = 4096;

    /** The default salt file for {@code spec}: {@code SPEC.salt} in the same directory. */
    static Path defaultSaltFile(Path spec) {
        return spec.resolveSibling(spec.getFileName() + ".salt");
    }

    /** For {@code depa job commit}: reads the salt file, or creates it when there is none. */
    static JobSpec commit(Path spec, Path saltOption) {
        String text = readSpec(spec);
        Path saltFile = saltOption != null ? saltOption : defaultSaltFile(spec);
        boolean created = false;
        byte[] salt;
        if (Files.exists(saltFile)) {
            salt = readSalt(saltFile);
        } else {
            salt = new byte[ModelSpecCommitments.SALT_BYTES];
            new SecureRandom().nextBytes(salt);
            writeSalt(saltFile, spec, salt);
            created = true;
        }
        return new JobSpec(spec, saltFile, created, commit(spec, salt, text));
    }

    /** For {@code depa job submit}: the salt file must exist (the contracts were signed over its commitment). */
    static JobSpec open(Path spec, Path saltOption) {
        String text = readSpec(spec);
        Path saltFile = saltOption != null ? saltOption : defaultSaltFile(spec);
        if (!Files.exists(saltFile)) {
            throw new GatewayOptions.UsageException("--salt-file: no salt file " + saltFile
                    + "; the commitment in your contracts was made with one (by 'depa job commit --spec " + spec
                    + "'): give --salt-file where you kept it");
        }
        return new JobSpec(spec, saltFile, false, commit(spec, readSalt(saltFile), text));
    }

    private static String commit(Path spec, byte[] salt, String text) {
        try {
            return ModelSpecCommitments.commit(salt, text);
        } catch (LedgerRuleException e) {
            throw new GatewayOptions.UsageException("--spec " + spec + ": " + e.getMessage());
        }
    }

    static String readSpec(Path spec) {
        long max = 4L * ModelSpecCommitments.MAX_SPEC_CHARS; // UTF-8: at most 4 bytes a character
        byte[] bytes = read(spec, max, "--spec");
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new GatewayOptions.UsageException("--spec " + spec + " is not valid UTF-8");
        }
        try {
            ModelSpecCommitments.canonicalSpec(text);
        } catch (LedgerRuleException e) {
            throw new GatewayOptions.UsageException("--spec " + spec + ": " + e.getMessage());
        }
        // The clean room's own parser: a spec it would refuse is refused here, before the TDC
        // commits to it (the datasets' columns and the contract's limits: depa job check-spec).
        try {
            ModelSpecs.parse(text);
        } catch (ModelSpecException e) {
            throw new GatewayOptions.UsageException("--spec " + spec + ": " + e.field() + ": " + e.reason()
                    + " (depa job check-spec checks it against the contract's datasets too)");
        }
        return text;
    }

    static byte[] readSalt(Path saltFile) {
        String text = new String(read(saltFile, SALT_FILE_MAX, "--salt-file"), StandardCharsets.US_ASCII);
        List<String> lines = text.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        if (lines.size() != 1 || !lines.get(0).matches("[0-9a-fA-F]{" + 2 * ModelSpecCommitments.SALT_BYTES + "}")) {
            throw new GatewayOptions.UsageException(
                    "--salt-file " + saltFile + " is not a salt file: expected one line of "
                            + 2 * ModelSpecCommitments.SALT_BYTES + " hex digits");
        }
        return HexFormat.of().parseHex(lines.get(0).toLowerCase(java.util.Locale.ROOT));
    }

    private static void writeSalt(Path saltFile, Path spec, byte[] salt) {
        String text = HEADER + ": keep it with " + spec.getFileName()
                + "; the clean room needs both to check the commitment\n"
                + HexFormat.of().formatHex(salt) + "\n";
        try {
            Files.write(
                    saltFile,
                    text.getBytes(StandardCharsets.US_ASCII),
                    StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
            try {
                Files.setPosixFilePermissions(saltFile, PosixFilePermissions.fromString("r--------"));
            } catch (UnsupportedOperationException e) {
                // Not a POSIX file system: the file keeps the directory's default permissions.
            }
        } catch (FileAlreadyExistsException e) {
            throw new GatewayOptions.UsageException(
                    "--salt-file " + saltFile + " appeared while writing; not replaced");
        } catch (IOException e) {
            throw new GatewayOptions.UsageException("cannot write the salt file " + saltFile + ": " + e.getMessage());
        }
    }

    /** At most {@code max} bytes of a regular file; a larger file is refused before it is read. */
    private static byte[] read(Path file, long max, String option) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new GatewayOptions.UsageException(
                        option + " " + file + (Files.exists(file) ? " is not a regular file" : " does not exist"));
            }
            if (Files.size(file) > max) {
                throw new GatewayOptions.UsageException(
                        option + " " + file + " is " + Files.size(file) + " bytes; at most " + max);
            }
            try (InputStream in = Files.newInputStream(file)) {
                byte[] bytes = in.readNBytes((int) max + 1);
                if (bytes.length > max) {
                    throw new GatewayOptions.UsageException(option + " " + file + " is larger than " + max + " bytes");
                }
                return bytes;
            }
        } catch (IOException e) {
            throw new GatewayOptions.UsageException("cannot read " + option + " " + file + ": " + e.getMessage());
        }
    }
}
