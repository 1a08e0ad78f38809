package dev.skein.client;

import dev.skein.core.Methods;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** A service exposed by the gateway, seen through a {@link SkeinClient}: Feathers' methods by name. */
public final class RemoteService {

    private final SkeinClient client;
    private final String path;

    RemoteService(SkeinClient client, String path) {
        this.client = client;
        this.path = path;
    }

    public String path() {
        return path;
    }

    public CompletableFuture<Object> find(Map<String, ?> query) {
        return client.call(path, Methods.FIND, null, null, query);
    }

    public CompletableFuture<Object> find() {
        return find(Map.of());
    }

    public CompletableFuture<Object> get(Object id) {
        return client.call(path, Methods.GET, id, null, null);
    }

    public CompletableFuture<Object> create(Object data) {
        return client.call(path, Methods.CREATE, null, data, null);
    }

    public CompletableFuture<Object> update(Object id, Object data) {
        return client.call(path, Methods.UPDATE, id, data, null);
    }

    public CompletableFuture<Object> patch(Object id, Object data) {
        return client.call(path, Methods.PATCH, id, data, null);
    }

    public CompletableFuture<Object> remove(Object id) {
        return client.call(path, Methods.REMOVE, id, null, null);
    }

    /** A custom method of the service, with {@code data}. */
    public CompletableFuture<Object> invoke(String method, Object data) {
        return client.call(path, method, data);
    }
}
