package dev.skein.gateway.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.PayloadTooLarge;
import dev.skein.core.Json;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;

import java.io.IOException;

/**
 * Reads JSON from the gateway's clients within bounds: at most {@code maxBytes} of text (each
 * string too) and {@code maxDepth} levels of nested arrays and objects, as Jackson's
 * {@link StreamReadConstraints} enforce while they parse; {@link #checkDepth} does the same for text
 * another library parses (Socket.IO's packets). What passes them is read as {@link Json} reads it.
 */
final class BoundedJson {

    private final ObjectMapper mapper;
    private final int maxBytes;
    private final int maxDepth;

    BoundedJson(int maxBytes, int maxDepth) {
        this.maxBytes = maxBytes;
        this.maxDepth = maxDepth;
        this.mapper = Json.newMapper();
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(maxDepth).maxDocumentLength(maxBytes).maxStringLength(maxBytes).build());
    }

    int maxDepth() {
        return maxDepth;
    }

    /** Whether {@code content} holds only white space (an empty body). */
    static boolean isBlank(ByteBuf content) {
        return content.forEachByte(b -> b == ' ' || b == '\t' || b == '\r' || b == '\n') < 0;
    }

    /** The JSON in {@code content} (UTF-8), left unread. */
    Object read(ByteBuf content) {
        try (ByteBufInputStream in = new ByteBufInputStream(content.duplicate())) {
            return mapper.readValue((java.io.InputStream) in, Object.class);
        } catch (StreamConstraintsException e) {
            throw refusal(e);
        } catch (JsonProcessingException e) {
            throw new BadRequest("Malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new BadRequest("Unreadable JSON: " + e.getMessage());
        }
    }

    /** The JSON in {@code text}. */
    Object read(String text) {
        try {
            return mapper.readValue(text, Object.class);
        } catch (StreamConstraintsException e) {
            throw refusal(e);
        } catch (JsonProcessingException e) {
            throw new BadRequest("Malformed JSON: " + e.getOriginalMessage());
        }
    }

    private RuntimeException refusal(StreamConstraintsException e) {
        String m = String.valueOf(e.getOriginalMessage());
        if (m.contains("epth")) return tooDeep();
        return new PayloadTooLarge("The JSON is longer than " + maxBytes + " bytes (Gateway.Builder.maxBodySize)");
    }

    private BadRequest tooDeep() {
        return new BadRequest("The JSON nests deeper than " + maxDepth + " levels of arrays and objects (Gateway.Builder.maxJsonDepth)");
    }

    /**
     * Refuses text whose arrays and objects nest deeper than the limit, scanning it once without
     * parsing: brackets inside strings do not count, and a record separator (0x1E, which Engine.IO
     * puts between the packets of a poll and JSON never holds raw) starts a new packet.
     *
     * @throws BadRequest when it nests too deep
     */
    void checkDepth(CharSequence text) {
        int depth = 0;
        boolean inString = false;
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                else if (c == 0x1e) {
                    inString = false;
                    depth = 0;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '[' || c == '{') {
                if (++depth > maxDepth) throw tooDeep();
            } else if (c == ']' || c == '}') {
                if (depth > 0) depth--;
            } else if (c == 0x1e) {
                depth = 0;
            }
        }
    }
}
