package dev.skein.mesh.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import dev.skein.mesh.spi.Codec;
import dev.skein.mesh.spi.MalformedFrameException;
import dev.skein.mesh.spi.Packet;
import dev.skein.mesh.spi.UnreadablePacketException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
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
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }

    public static JacksonCodec json() {
        return json(dev.skein.mesh.Mesh.DEFAULT_MAX_FRAME_SIZE);
    }

    public static JacksonCodec cbor() {
        return cbor(dev.skein.mesh.Mesh.DEFAULT_MAX_FRAME_SIZE);
    }

    /** JSON whose reader accepts anything a frame of {@code maxFrameSize} bytes can hold (see {@link #limits}). */
    public static JacksonCodec json(int maxFrameSize) {
        return new JacksonCodec("json", limits(new JsonFactory(), maxFrameSize));
    }

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
        return named(name, dev.skein.mesh.Mesh.DEFAULT_MAX_FRAME_SIZE);
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
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.setCodec(mapper);
            g.writeStartObject();
            g.writeNumberField("v", Packet.VERSION);
            g.writeStringField("t", p.type.wire());
            g.writeStringField("from", p.from);
            if (p.headers != null && !p.headers.isEmpty()) g.writeObjectField("h", p.headers);
            if (p.id != 0) g.writeNumberField("id", p.id);
            if (p.path != null) g.writeStringField("path", p.path);
            if (p.method != null) g.writeStringField("method", p.method);
            if (p.itemId != null) g.writeObjectField("itemId", p.itemId);
            if (p.data != null) g.writeObjectField("data", p.data);
            if (p.params != null && !p.params.isEmpty()) g.writeObjectField("params", p.params);
            if (p.ttl != 0) g.writeNumberField("ttl", p.ttl);
            if (p.error != null) g.writeObjectField("error", p.error);
            if (p.event != null) g.writeStringField("event", p.event);
            if (p.seq != 0) g.writeNumberField("seq", p.seq);
            if (p.node != null) g.writeObjectField("node", p.node);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot encode " + p + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
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
                    case "itemId" -> p.itemId = parser.readValueAs(Object.class);
                    case "data" -> p.data = parser.readValueAs(Object.class);
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
        return parser.readValueAs(Map.class);
    }
}
