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

    /** The public path of the service on the gateway, as given to {@link SkeinClient#service(String)}. */
    public String path() {
        return path;
    }

    /** The items that match a Feathers query ({@code {done: false, $limit: 10}}): a list, or a page {@code {total, limit, skip, data}}. */
    public CompletableFuture<Object> find(Map<String, ?> query) {
        return client.call(path, Methods.FIND, null, null, query);
    }

    /** Every item, or the first page of a paginated service. */
    public CompletableFuture<Object> find() {
        return find(Map.of());
    }

    /** The item with {@code id}; fails with NotFound when there is none. */
    public CompletableFuture<Object> get(Object id) {
        return client.call(path, Methods.GET, id, null, null);
    }

    /** Creates an item from JSON-shaped {@code data} (a POJO is written as JSON) and completes with the stored item. */
    public CompletableFuture<Object> create(Object data) {
        return client.call(path, Methods.CREATE, null, data, null);
    }

    /** Replaces the item with {@code id} by {@code data} and completes with the stored item. */
    public CompletableFuture<Object> update(Object id, Object data) {
        return client.call(path, Methods.UPDATE, id, data, null);
    }

    /** Merges {@code data} into the item with {@code id} and completes with the patched item. */
    public CompletableFuture<Object> patch(Object id, Object data) {
        return client.call(path, Methods.PATCH, id, data, null);
    }

    /** Removes the item with {@code id} and completes with it. */
    public CompletableFuture<Object> remove(Object id) {

        return client.call(path, Methods.REMOVE, id, null, null);
    }

    /** A custom method of the service, with {@code data}. */
    public CompletableFuture<Object> invoke(String method, Object data) {
        return client.call(path, method, data);
    }
}
