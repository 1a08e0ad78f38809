package dev.skein.core;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.skein.core.errors.BadRequest;

import java.util.List;
import java.util.Map;

/**
 * JSON as Skein reads and writes it: the conversions between JSON text, JSON-shaped Java data
 * (maps with string keys, lists, strings, numbers, booleans, null; byte arrays too) and POJOs,
 * over one Jackson mapper that writes Java time as ISO strings and ignores unknown properties.
 * Service data, query values and events travel in this shape; use these methods to produce or
 * read it as Skein does.
 *
 * <p>Thread-safe; every method is static. Failures are {@link BadRequest}s saying what did not fit.
 */
public final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private Json() {
    }

    /**
     * A new mapper configured as Skein's (Java time as ISO strings, unknown properties ignored), the
     * caller's to adjust (a stricter reader, say) without touching the one these methods share.
     */
    public static ObjectMapper newMapper() {
        return MAPPER.copy();
    }

    /**
     * True if {@code value} is already JSON-shaped at its top level. Byte arrays count: a binary
     * codec (CBOR) keeps them, JSON writes them as Base64.
     */
    public static boolean isPlain(Object value) {
        return value == null || value instanceof Map || value instanceof List || value instanceof String
                || value instanceof Number || value instanceof Boolean || value instanceof byte[];
    }

    /** {@code value} as JSON-shaped data: JSON-shaped data stays as it is, POJOs (also inside maps and lists) are converted. */
    public static Object toPlain(Object value) {
        if (isPlainDeep(value)) return value;
        try {
            return MAPPER.convertValue(value, Object.class);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("Cannot convert " + value.getClass().getName() + " to JSON data: " + e.getMessage());
        }
    }

    private static boolean isPlainDeep(Object value) {
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                if (!(entry.getKey() instanceof String) || !isPlainDeep(entry.getValue())) return false;
            }
            return true;
        }
        if (value instanceof List<?> list) {
            for (Object item : list) {
                if (!isPlainDeep(item)) return false;
            }
            return true;
        }
        return isPlain(value);
    }

    /** Converts JSON-shaped data to {@code type}; data that does not fit is a BadRequest naming the type. */
    public static <T> T convert(Object value, Class<T> type) {
        if (value == null) return null;
        if (type.isInstance(value)) return type.cast(value);
        try {
            return MAPPER.convertValue(value, type);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("Data does not fit " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    /** Writes {@code value} as JSON text; a value Jackson cannot write is a BadRequest. */
    public static String write(Object value) {

        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new BadRequest("Cannot write JSON: " + e.getOriginalMessage());
        }
    }

    /** Reads JSON text into JSON-shaped data; malformed text is a BadRequest that says where. */
    public static Object read(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new BadRequest("Malformed JSON: " + e.getOriginalMessage());
        }
    }
}
