package org.depa.ccr.training;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.stream.Collectors;
import org.depa.ledger.model.Json;

/** Reads model specifications with the project's strict JSON dialect ({@link Json#mapper()}). */
public final class ModelSpecs {
    /** Largest specification accepted. */
    public static final int MAX_CHARS = 64 * 1024;

    private ModelSpecs() {}

    /**
     * Parses a specification: unknown or duplicate fields, wrong types, missing required fields and
     * out-of-range values are refused with a {@link ModelSpecException} naming the field.
     */
    public static ModelSpec parse(String json) {
        Objects.requireNonNull(json, "json");
        if (json.isBlank()) {
            throw new ModelSpecException("model specification is empty");
        }
        if (json.length() > MAX_CHARS) {
            throw new ModelSpecException("model specification is larger than " + MAX_CHARS + " characters");
        }
        try {
            ModelSpec spec = Json.mapper().readValue(json, ModelSpec.class);
            if (spec == null) {
                throw new ModelSpecException("model specification is null");
            }
            return spec;
        } catch (JsonProcessingException e) {
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof ModelSpecException mse) {
                    throw mse;
                }
            }
            throw new ModelSpecException(describe(e));
        }
    }

    /**
     * Reads a specification file: a regular file inside its own directory (a symbolic link that
     * leads out of it is refused) of at most {@value #MAX_CHARS} bytes, checked before reading and
     * enforced while reading.
     */
    public static ModelSpec read(Path file) {
        Objects.requireNonNull(file, "file");
        String name = String.valueOf(file.getFileName());
        try {
            Path real = file.toRealPath();
            Path parent = file.toAbsolutePath().normalize().getParent();
            if (parent != null && !real.startsWith(parent.toRealPath())) {
                throw new ModelSpecException(
                        "model specification " + name + " is a link out of its directory (to " + real + ")");
            }
            if (!Files.isRegularFile(real)) {
                throw new ModelSpecException("model specification " + name + " is not a regular file");
            }
            long size = Files.size(real);
            if (size > MAX_CHARS) {
                throw new ModelSpecException(
                        "model specification " + name + " is " + size + " bytes; at most " + MAX_CHARS);
            }
            byte[] bytes;
            try (InputStream in = Files.newInputStream(real)) {
                bytes = in.readNBytes(MAX_CHARS + 1);
            }
            if (bytes.length > MAX_CHARS) {
                throw new ModelSpecException("model specification " + name + " is larger than " + MAX_CHARS + " bytes");
            }
            return parse(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelSpecException("cannot read the model specification " + name + ": " + e);
        }
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "model specification: unknown field " + path(u) + " (known: "
                    + u.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .sorted()
                            .collect(Collectors.joining(", "))
                    + ")";
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return "model specification: field " + path(m) + ": " + firstLine(e.getOriginalMessage());
        }
        return "model specification: malformed JSON: " + firstLine(e.getOriginalMessage());
    }

    private static String path(JsonMappingException m) {
        return m.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
