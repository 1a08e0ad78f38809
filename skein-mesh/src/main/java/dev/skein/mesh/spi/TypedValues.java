package dev.skein.mesh.spi;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a value that JSON has no type for travels between nodes and replicas, so that it arrives as
 * what was sent and not as a string: a date ({@link Instant}, or a {@link Date}) is written as
 * {@code {"$date": "2026-12-08T10:15:30.123Z"}} (ISO-8601 in UTC, to the nanosecond; the relaxed
 * form of MongoDB's Extended JSON, which BSON users know) and read back as an {@link Instant}. The
 * mesh's JSON and CBOR codecs and the sync serializers {@code Sync.JSON} and {@code Sync.CBOR}
 * follow it; feathers-sync's format does not (a Node replica's {@code JSON.parse} would see an
 * object where feathers-sync gives it a string). A client in another language writes and reads
 * the same object (docs/PROTOCOL.md, "Typed values").
 *
 * <p>An object with the single key {@code $date} whose value is not a date stays the object it is.
 */
public final class TypedValues {

    /** The key of a date. */
    public static final String DATE = "$date";

    private TypedValues() {
    }

    /** Writes {@code instant} as a typed date. */
    public static void writeDate(JsonGenerator g, Instant instant) throws IOException {
        g.writeStartObject();
        g.writeStringField(DATE, instant.toString());
        g.writeEndObject();
    }

    /** The date a value read as JSON stands for, or the value itself: {@code {"$date": "..."}} is an {@link Instant}. */
    public static Object revive(Map<String, Object> object) {
        if (object.size() != 1 || !(object.get(DATE) instanceof String text)) return object;
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException notADate) {
            return object;
        }
    }

    /**
     * {@code value} with every typed value inside it revived ({@link #revive}): for a serializer
     * that reads maps and lists with data binding rather than walking the tokens.
     */
    @SuppressWarnings("unchecked")
    public static Object reviveAll(Object value) {
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), reviveAll(v)));
            return revive(copy);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>(list.size());
            for (Object item : list) copy.add(reviveAll(item));
            return copy;
        }
        return value;
    }

    /**
     * The Jackson module that writes dates inside records and other objects bound by a mapper as
     * typed dates; register it after {@code JavaTimeModule}, whose {@link Instant} writer it replaces.
     */
    public static Module module() {
        SimpleModule module = new SimpleModule("skein-typed-values");
        module.addSerializer(Instant.class, new JsonSerializer<>() {
            @Override
            public void serialize(Instant value, JsonGenerator g, SerializerProvider provider) throws IOException {
                writeDate(g, value);
            }
        });
        module.addSerializer(Date.class, new JsonSerializer<>() {
            @Override
            public void serialize(Date value, JsonGenerator g, SerializerProvider provider) throws IOException {
                writeDate(g, value.toInstant());
            }
        });
        return module;
    }
}
