package dev.skein.mesh.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * feathers-sync's message ({@link Sync#FEATHERS_SYNC}): {@code {event, path, data, context}} as
 * JSON, what its default {@code serialize} ({@code JSON.stringify}) writes and {@code JSON.parse}
 * reads. The instance's id travels in {@code context.skeinSync}, so that an instance knows its own
 * messages when the broker hands them back; a message without it comes from a Node replica
 * (origin {@value #NODE_ORIGIN}). A Node replica sees {@code skeinSync} on the hook context it
 * emits the event with, and nothing else of Skein.
 */
final class FeathersSyncSerializer implements SyncSerializer {

    /** The origin of messages from feathers-sync's own instances: one ordered queue for them all. */
    static final String NODE_ORIGIN = "feathers-sync";
    static final String ORIGIN_FIELD = "skeinSync";

    private final ObjectMapper mapper = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    @Override
    public byte[] serialize(SyncMessage message) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("event", message.event());
        m.put("path", message.path());
        m.put("data", message.data());
        m.put("context", Map.of(ORIGIN_FIELD, message.origin()));
        return mapper.writeValueAsBytes(m);
    }

    @Override
    public SyncMessage deserialize(byte[] bytes) throws IOException {
        Map<?, ?> m = mapper.readValue(bytes, Map.class);
        Object origin = m.get("context") instanceof Map<?, ?> context ? context.get(ORIGIN_FIELD) : null;
        return new SyncMessage(origin instanceof String o ? o : NODE_ORIGIN, str(m.get("path")), str(m.get("event")), m.get("data"));
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
