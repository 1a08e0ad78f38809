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
 * reads. {@code context} is the hook context of the call that emitted the event, as feathers-sync
 * sends it: {@code type}, {@code path}, {@code method}, {@code id} and {@code params} with the
 * call's {@code query}, {@code provider} and {@code user} (not its headers or authentication,
 * which hold credentials), so a Node replica's listeners and channels see the call as from a
 * Node instance. The instance's id travels in {@code context.skeinSync}, so that an instance knows
 * its own messages when the broker hands them back; a message without it comes from a Node replica
 * (origin {@value #NODE_ORIGIN}). Dates are ISO strings here, as {@code JSON.stringify} writes them.
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
        Map<String, Object> context = new LinkedHashMap<>();
        if (!message.context().isEmpty()) {
            // what feathers-sync's hook context holds that a listener reads: the call, its path and params
            context.put("type", "after");
            context.put("path", message.path());
            context.putAll(message.context());
        }
        context.put(ORIGIN_FIELD, message.origin());
        m.put("context", context);
        return mapper.writeValueAsBytes(m);
    }

    @Override
    public SyncMessage deserialize(byte[] bytes) throws IOException {
        Map<?, ?> m = mapper.readValue(bytes, Map.class);
        Map<?, ?> context = m.get("context") instanceof Map<?, ?> c ? c : Map.of();
        Object origin = context.get(ORIGIN_FIELD);
        return new SyncMessage(origin instanceof String o ? o : NODE_ORIGIN, str(m.get("path")), str(m.get("event")), m.get("data"), call(context));
    }

    /** The call a Node replica's hook context names: its method, id and params, what Skein keeps of it. */
    private static Map<String, Object> call(Map<?, ?> context) {
        Map<String, Object> call = new LinkedHashMap<>();
        if (context.get("method") instanceof String method) call.put("method", method);
        if (context.get("id") != null) call.put("id", context.get("id"));
        if (context.get("params") instanceof Map<?, ?> params) call.put("params", params);
        return call;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }
}
