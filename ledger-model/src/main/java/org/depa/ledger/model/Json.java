package org.depa.ledger.model;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;
import org.erdtman.jcs.JsonCanonicalizer;

/**
 * The one JSON dialect of the ledger. Reading is strict (unknown fields, duplicate keys, trailing
 * tokens and nulls for primitives are refused, naming the field); writing is RFC 8785 canonical
 * JSON so that every endorsing peer produces the same bytes. Decimals travel as strings because
 * RFC 8785 numbers are IEEE doubles and would drift.
 */
public final class Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // 1.5 for an integer field is a wrong type, not 1.
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            // Decimals travel as strings ("1.5"); a JSON number is accepted too. No other coercion.
            .withCoercionConfig(
                    LogicalType.Float, c -> c.setCoercion(CoercionInputShape.String, CoercionAction.TryConvert))
            // Jackson turns any scalar into a String unless told not to: 5 or true for an id is a wrong type.
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .addModule(new SimpleModule().addSerializer(BigDecimal.class, new PlainDecimalSerializer()))
            .build();

    /** Largest request the ledger parses; larger inputs are refused before parsing. */
    public static final int MAX_DOCUMENT_CHARS = 256 * 1024;

    private Json() {}

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    /** Parses {@code text} into {@code type}, refusing malformed input with a message naming the field. */
    public static <T> T read(String text, Class<T> type) {
        if (text == null || text.isBlank()) {
            throw new LedgerRuleException(ErrorCode.MALFORMED_REQUEST, "request body is empty");
        }
        if (text.length() > MAX_DOCUMENT_CHARS) {
            throw new LedgerRuleException(
                    ErrorCode.MALFORMED_REQUEST, "request is larger than " + MAX_DOCUMENT_CHARS + " characters");
        }
        try {
            T value = MAPPER.readValue(text, type);
            if (value == null) {
                throw new LedgerRuleException(ErrorCode.MALFORMED_REQUEST, "request body is null");
            }
            return value;
        } catch (JsonProcessingException e) {
            throw new LedgerRuleException(ErrorCode.MALFORMED_REQUEST, describe(e));
        }
    }

    public static <T> T read(byte[] bytes, Class<T> type) {
        return read(new String(bytes, StandardCharsets.UTF_8), type);
    }

    /**
     * Parses a stored world-state value as {@link #read(byte[], Class)} does, the same checks and
     * errors, but returns the earlier result when the same bytes were parsed into the same type
     * before and that result is deeply immutable ({@link ParseCache}).
     */
    public static <T> T readStored(byte[] bytes, Class<T> type) {
        return ParseCache.read(bytes, type);
    }

    public static JsonNode tree(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new LedgerRuleException(ErrorCode.MALFORMED_REQUEST, describe(e));
        }
    }

    /**
     * RFC 8785 canonical bytes of {@code value}, written directly from Jackson's tokens
     * ({@link CanonicalWriter}); values the direct writer does not handle go through the RFC 8785
     * library, as every value did before. Both give the same bytes ({@code CanonicalWriterTest}).
     */
    public static byte[] canonical(Object value) {
        try {
            byte[] direct = CanonicalWriter.write(MAPPER, value);
            return direct != null ? direct : canonicalViaLibrary(value);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /** Canonical bytes by printing with Jackson and re-parsing with the RFC 8785 library. */
    static byte[] canonicalViaLibrary(Object value) {
        try {
            String plain = MAPPER.writeValueAsString(value);
            return new JsonCanonicalizer(plain).getEncodedUTF8();
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String canonicalString(Object value) {
        return new String(canonical(value), StandardCharsets.UTF_8);
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            return "unknown field '" + path(u) + "'";
        }
        if (e instanceof InvalidFormatException f) {
            return "field '" + path(f) + "' has an invalid value: " + shortValue(f.getValue());
        }
        if (e instanceof MismatchedInputException m && !m.getPath().isEmpty()) {
            return "field '" + path(m) + "' has the wrong type";
        }
        // A syntax error (also when wrapped while binding a field): name where the parser stood.
        JsonProcessingException syntax =
                e instanceof StreamReadException ? e : e.getCause() instanceof StreamReadException s ? s : null;
        if (syntax != null && syntax.getProcessor() instanceof JsonParser parser) {
            String at = path(parser.getParsingContext());
            if (!at.isEmpty()) {
                return "malformed JSON near field '" + at + "': " + syntax.getOriginalMessage();
            }
        }
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            return "field '" + path(m) + "' is invalid: " + m.getOriginalMessage();
        }
        return "malformed JSON: " + e.getOriginalMessage();
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String path(JsonStreamContext context) {
        java.util.LinkedList<String> parts = new java.util.LinkedList<>();
        for (JsonStreamContext c = context; c != null; c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.addFirst(c.getCurrentName());
            } else if (c.inArray()) {
                parts.addFirst("[" + Math.max(0, c.getCurrentIndex()) + "]");
            }
        }
        return String.join(".", parts).replace(".[", "[");
    }

    private static String shortValue(Object value) {
        String s = String.valueOf(value);
        return s.length() > 40 ? s.substring(0, 40) + "..." : s;
    }

    /** Writes decimals as plain strings ("0.00001", never "1E-5"). */
    private static final class PlainDecimalSerializer extends StdSerializer<BigDecimal> {
        private static final long serialVersionUID = 1L;

        PlainDecimalSerializer() {
            super(BigDecimal.class);
        }

        @Override
        public void serialize(BigDecimal value, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeString(value.toPlainString());
        }
    }
}
