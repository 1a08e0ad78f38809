package dev.skein.mesh.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.JsonTokenId;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.skein.mesh.spi.Codec;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.TypedValues;
import dev.skein.mesh.spi.UnreadablePacketException;

import java.io.OutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON codec (default) and the CBOR codec: one streaming writer and reader over Jackson, so
 * both put the same fields in the same order (see {@code docs/PROTOCOL.md}).
 */
public final class JacksonCodec implements Codec {

    private final String name;
    private final ObjectMapper mapper;
    private final JsonFactory factory;

    private JacksonCodec(String name, JsonFactory factory) {
        this.name = name;
        this.factory = factory;
        // results may hold java.time values and POJOs, as they may in a local call
        this.mapper = new ObjectMapper(factory).registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
                .registerModule(TypedValues.module())
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    /** JSON with the limits of the default frame size, {@link Codec#DEFAULT_MAX_FRAME_SIZE}. */
    public static JacksonCodec json() {
        return json(DEFAULT_MAX_FRAME_SIZE);
    }

    /** CBOR with the limits of the default frame size, {@link Codec#DEFAULT_MAX_FRAME_SIZE}. */
    public static JacksonCodec cbor() {
        return cbor(DEFAULT_MAX_FRAME_SIZE);
    }

    /** JSON whose reader accepts anything a frame of {@code maxFrameSize} bytes can hold (see {@link #limits}). */
    public static JacksonCodec json(int maxFrameSize) {
        return new JacksonCodec("json", limits(new JsonFactory(), maxFrameSize));
    }

    /** CBOR whose reader accepts anything a frame of {@code maxFrameSize} bytes can hold. */
    public static JacksonCodec cbor(int maxFrameSize) {

        return new JacksonCodec("cbor", limits(new CBORFactory(), maxFrameSize));
    }

    /**
     * One limit end to end: Jackson's own read limits (20 MB strings by default) would refuse, on
     * the receiver, a value the sender's frame limit let through, and the call would hang until its
     * timeout. So a string or a document may be as long as a frame; nesting keeps Jackson's bound
     * (1,000 levels), which guards the reader's stack, and numbers theirs (1,000 digits).
     */
    private static JsonFactory limits(JsonFactory factory, int maxFrameSize) {
        factory.setStreamReadConstraints(com.fasterxml.jackson.core.StreamReadConstraints.builder()
                .maxStringLength(maxFrameSize).maxDocumentLength(maxFrameSize).build());
        return factory;
    }

    /** The codec of this name, or an IllegalArgumentException listing the names known. */
    public static Codec named(String name) {
        return named(name, DEFAULT_MAX_FRAME_SIZE);
    }

    /** The codec of this name reading frames of up to {@code maxFrameSize} bytes. */
    public static Codec named(String name, int maxFrameSize) {
        return switch (name) {
            case "json" -> json(maxFrameSize);
            case "cbor" -> cbor(maxFrameSize);
            default -> throw new IllegalArgumentException("Unknown codec '" + name + "'; known: json, cbor");
        };
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public byte[] encode(Packet p) {
        ExactBytes out = new ExactBytes();
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.setCodec(mapper);
            g.writeStartObject();
            g.writeNumberField("v", Packet.VERSION);
            g.writeStringField("t", p.type.wire());
            g.writeStringField("from", p.from);
            if (p.headers != null && !p.headers.isEmpty()) field(g, "h", p.headers);
            if (p.id != 0) g.writeNumberField("id", p.id);
            if (p.path != null) g.writeStringField("path", p.path);
            if (p.method != null) g.writeStringField("method", p.method);
            if (p.itemId != null) field(g, "itemId", p.itemId);
            if (p.data != null) field(g, "data", p.data);
            if (p.params != null && !p.params.isEmpty()) field(g, "params", p.params);
            if (p.ttl != 0) g.writeNumberField("ttl", p.ttl);
            if (p.error != null) field(g, "error", p.error);
            if (p.event != null) g.writeStringField("event", p.event);
            if (p.seq != 0) g.writeNumberField("seq", p.seq);
            if (p.node != null) field(g, "node", p.node);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + p + ": " + e.getMessage(), e);
        }
        return out.bytes();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Packet decode(byte[] payload) throws MalformedFrameException {
        Packet p = new Packet();
        int version = -1;
        try (JsonParser parser = factory.createParser(payload)) {
            parser.setCodec(mapper);
            if (parser.nextToken() != JsonToken.START_OBJECT) throw new MalformedFrameException("a frame must hold an object");
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "v" -> {
                        if (token != JsonToken.VALUE_NUMBER_INT) throw new MalformedFrameException("the version must be an integer");
                        version = parser.getIntValue();
                    }
                    case "t" -> p.type = Packet.Type.ofWire(text(parser, field));
                    case "from" -> p.from = text(parser, field);
                    case "h" -> p.headers = object(parser, field);
                    case "id" -> p.id = integer(parser, field);
                    case "path" -> p.path = text(parser, field);
                    case "method" -> p.method = text(parser, field);
                    case "itemId" -> p.itemId = value(parser);
                    case "data" -> p.data = value(parser);
                    case "params" -> p.params = object(parser, field);
                    case "ttl" -> p.ttl = integer(parser, field);
                    case "error" -> p.error = object(parser, field);
                    case "event" -> p.event = text(parser, field);
                    case "seq" -> p.seq = integer(parser, field);
                    case "node" -> p.node = object(parser, field);
                    default -> parser.skipChildren();
                }
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new MalformedFrameException("bytes follow the packet");
            }
        } catch (IOException | RuntimeException e) {
            throw unreadable("not a " + name + " packet: " + e.getMessage(), e, p);
        } catch (MalformedFrameException e) {
            throw unreadable(e.getMessage(), e, p);
        }
        if (version != Packet.VERSION) {
            throw new MalformedFrameException("protocol version " + version + " is not " + Packet.VERSION);
        }
        if (p.type == null || p.from == null) throw new MalformedFrameException("a packet needs a known type and a sender");
        String missing = switch (p.type) {
            case REQUEST -> p.id == 0 ? "id" : p.path == null ? "path" : p.method == null ? "method" : null;
            case RESPONSE, CANCEL -> p.id == 0 ? "id" : null;
            case EVENT -> p.path == null ? "path" : p.event == null ? "event" : null;
            default -> null;
        };
        if (missing != null) throw unreadable("a " + p.type.wire() + " packet needs '" + missing + "'", null, p);
        return p;
    }

    /** The fault, with what was read of the packet before it: a request's caller can be answered. */
    private static UnreadablePacketException unreadable(String message, Throwable cause, Packet p) {
        return new UnreadablePacketException(message, cause, p.type, p.from, p.id);
    }

    private static String text(JsonParser parser, String field) throws IOException, MalformedFrameException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) return null;
        if (token != JsonToken.VALUE_STRING) throw new MalformedFrameException("'" + field + "' must be a string");
        return parser.getText();
    }

    private static long integer(JsonParser parser, String field) throws IOException, MalformedFrameException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) throw new MalformedFrameException("'" + field + "' must be an integer");
        return parser.getLongValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(JsonParser parser, String field) throws IOException, MalformedFrameException {
        JsonToken token = parser.currentToken();
        if (token == JsonToken.VALUE_NULL) return null;
        if (token != JsonToken.START_OBJECT) throw new MalformedFrameException("'" + field + "' must be an object");
        return (Map<String, Object>) value(parser);
    }

    // Data is JSON-shaped (maps, lists, strings, numbers, booleans, null) nearly always: walking it
    // with the streaming parser and generator is several times cheaper than Jackson's data binding
    // (an ObjectMapper call per value: a context, a deserializer or serializer lookup). Anything
    // else (a record, a java.time value, an array) still goes through the mapper, so what arrives
    // is what data binding would make of it (JacksonCodecTest checks every shape). A date travels
    // typed, as TypedValues writes it, and arrives an Instant.

    /** The value at the parser's current token, as Jackson's untyped binding would read it. */
    private static Object value(JsonParser parser) throws IOException {
        switch (parser.currentTokenId()) {
            case JsonTokenId.ID_START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    parser.nextToken();
                    map.put(key, value(parser));
                }
                return TypedValues.revive(map);
            }
            case JsonTokenId.ID_START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) list.add(value(parser));
                return list;
            }
            case JsonTokenId.ID_STRING:
                return parser.getText();
            case JsonTokenId.ID_NUMBER_INT:
            case JsonTokenId.ID_NUMBER_FLOAT:
                return parser.getNumberValue();
            case JsonTokenId.ID_TRUE:
                return Boolean.TRUE;
            case JsonTokenId.ID_FALSE:
                return Boolean.FALSE;
            case JsonTokenId.ID_NULL:
                return null;
            case JsonTokenId.ID_EMBEDDED_OBJECT: // CBOR byte strings
                return parser.getEmbeddedObject();
            default:
                throw new IOException("unexpected " + parser.currentToken());
        }
    }

    private static void field(JsonGenerator g, String name, Object value) throws IOException {
        g.writeFieldName(name);
        write(g, value);
    }

    /** Writes {@code value} as data binding would, walking maps with string keys and lists itself. */
    private static void write(JsonGenerator g, Object value) throws IOException {
        if (value == null) {
            g.writeNull();
        } else if (value instanceof String text) {
            g.writeString(text);
        } else if (value instanceof Integer n) {
            g.writeNumber(n);
        } else if (value instanceof Long n) {
            g.writeNumber(n);
        } else if (value instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (value instanceof Double d) {
            g.writeNumber(d);
        } else if (value instanceof Map<?, ?> map && stringKeys(map)) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (value instanceof List<?> list) {
            g.writeStartArray();
            for (Object item : list) write(g, item);
            g.writeEndArray();
        } else if (value instanceof java.time.Instant instant) {
            TypedValues.writeDate(g, instant);
        } else {
            g.writeObject(value); // the mapper: records, java.time, arrays, other numbers and keys
        }
    }

    private static boolean stringKeys(Map<?, ?> map) {
        for (Object key : map.keySet()) {
            if (!(key instanceof String)) return false;
        }
        return true;
    }

    /**
     * Collects what the generator writes: it buffers a frame in a recycled buffer of its own and
     * writes it out once at close (for frames under 8,000 bytes), so the frame is copied once, into
     * an array of its exact size, where a growing {@code ByteArrayOutputStream} made three arrays.
     */
    private static final class ExactBytes extends OutputStream {
        private byte[] bytes = EMPTY;
        private int count;
        private static final byte[] EMPTY = new byte[0];

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            if (count == 0 && bytes.length == 0) {
                bytes = java.util.Arrays.copyOfRange(b, off, off + len);
                count = len;
                return;
            }
            if (count + len > bytes.length) bytes = java.util.Arrays.copyOf(bytes, Math.max(count + len, bytes.length * 2));
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }

        byte[] bytes() {
            return count == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, count);
        }
    }
}
