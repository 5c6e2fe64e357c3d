package org.depa.modelspec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.depa.ledger.model.Json;
import org.depa.modelspec.ModelSpecException.Code;

/**
 * Reads model specifications with the project's strict JSON dialect ({@link Json#mapper()}):
 * unknown or duplicate fields, wrong types, missing required fields and out-of-range values are
 * refused with a {@link ModelSpecException} whose {@link ModelSpecException#field() field} is the
 * JSON path of the field at fault.
 */
public final class ModelSpecs {
    /** Largest specification accepted, in bytes (and characters). */
    public static final int MAX_CHARS = 64 * 1024;

    private static final Pattern MISSING = Pattern.compile("Missing required creator property '([^']+)'");

    private ModelSpecs() {}

    /** Parses a specification; see the class comment for what is refused. */
    public static ModelSpec parse(String json) {
        Objects.requireNonNull(json, "json");
        if (json.isBlank()) {
            throw new ModelSpecException(Code.MALFORMED, "$", "the model specification is empty");
        }
        if (json.length() > MAX_CHARS) {
            throw new ModelSpecException(
                    Code.TOO_LARGE, "$", "the model specification is larger than " + MAX_CHARS + " characters");
        }
        try {
            ModelSpec spec = Json.mapper().readValue(json, ModelSpec.class);
            if (spec == null) {
                throw new ModelSpecException(Code.MALFORMED, "$", "the model specification is null");
            }
            return spec;
        } catch (JsonProcessingException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof ModelSpecException mse) {
                    throw e instanceof JsonMappingException m ? mse.under(path(m)) : mse;
                }
            }
            throw describe(e);
        }
    }

    /** Reads and parses a specification file ({@link #readText}). */
    public static ModelSpec read(Path file) {
        return parse(readText(file));
    }

    /**
     * The text of a specification file: a regular file inside its own directory (a symbolic link
     * that leads out of it is refused) of at most {@value #MAX_CHARS} bytes, checked before reading
     * and enforced while reading. The clean room checks this text against the job's commitment
     * before parsing it.
     */
    public static String readText(Path file) {
        Objects.requireNonNull(file, "file");
        String name = String.valueOf(file.getFileName());
        try {
            Path real = file.toRealPath();
            Path parent = file.toAbsolutePath().normalize().getParent();
            if (parent != null && !real.startsWith(parent.toRealPath())) {
                throw new ModelSpecException(
                        Code.UNREADABLE, "$", "the file " + name + " is a link out of its directory (to " + real + ")");
            }
            if (!Files.isRegularFile(real)) {
                throw new ModelSpecException(Code.UNREADABLE, "$", "the file " + name + " is not a regular file");
            }
            long size = Files.size(real);
            if (size > MAX_CHARS) {
                throw new ModelSpecException(
                        Code.TOO_LARGE, "$", "the file " + name + " is " + size + " bytes; at most " + MAX_CHARS);
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(real)) {
                bytes = in.readNBytes(MAX_CHARS + 1);
            }
            if (bytes.length > MAX_CHARS) {
                throw new ModelSpecException(
                        Code.TOO_LARGE, "$", "the file " + name + " is larger than " + MAX_CHARS + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelSpecException(Code.UNREADABLE, "$", "cannot read the file " + name + ": " + e);
        }
    }

    private static ModelSpecException describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return new ModelSpecException(
                    Code.UNKNOWN_FIELD,
                    path(u),
                    "is not a field of the model specification (known here: "
                            + u.getKnownPropertyIds().stream()
                                    .map(String::valueOf)
                                    .sorted()
                                    .collect(Collectors.joining(", "))
                            + ")");
        }
        if (e instanceof MismatchedInputException m) {
            String at = path(m);
            Matcher missing = MISSING.matcher(String.valueOf(e.getOriginalMessage()));
            if (missing.find()) {
                String name = missing.group(1);
                String field =
                        at.equals("$") ? name : at.equals(name) || at.endsWith("." + name) ? at : at + "." + name;
                return new ModelSpecException(Code.MISSING_FIELD, field, "is missing");
            }
            if (at.matches("hiddenLayers\\[\\d+\\]")) {
                return new ModelSpecException(
                        Code.UNSUPPORTED_LAYER,
                        at,
                        "only dense layers are supported, each given by its width (an integer)");
            }
            if (!at.equals("$")) {
                return new ModelSpecException(Code.WRONG_TYPE, at, firstLine(e.getOriginalMessage()));
            }
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return new ModelSpecException(Code.WRONG_TYPE, path(m), firstLine(e.getOriginalMessage()));
        }
        return new ModelSpecException(Code.MALFORMED, "$", "malformed JSON: " + firstLine(e.getOriginalMessage()));
    }

    /** The JSON path of a mapping error, {@code $} at the top. */
    static String path(JsonMappingException m) {
        String p = m.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
        return p.isEmpty() ? "$" : p;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
