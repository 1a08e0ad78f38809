package dev.skein.client;

import dev.skein.core.Methods;
import dev.skein.core.errors.BadRequest;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A service exposed by the gateway, seen through a {@link SkeinClient}: Feathers' methods by name,
 * each with an optional Feathers query ({@code params.query} on the serving side), and custom
 * methods through {@link #invoke}.
 */
public final class ServiceClient {

    private final SkeinClient client;
    private final String path;

    ServiceClient(SkeinClient client, String path) {
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
        return get(id, null);
    }

    /** The item with {@code id}, with a query (which fields, or a condition the item must meet). */
    public CompletableFuture<Object> get(Object id, Map<String, ?> query) {
        return client.call(path, Methods.GET, id, null, query);
    }

    /** Creates an item from JSON-shaped {@code data} (a POJO is written as JSON) and completes with the stored item. */
    public CompletableFuture<Object> create(Object data) {
        return create(data, null);
    }

    /** Creates an item, with a query, and completes with the stored item. */
    public CompletableFuture<Object> create(Object data, Map<String, ?> query) {
        return client.call(path, Methods.CREATE, null, data, query);
    }

    /** Replaces the item with {@code id} by {@code data} and completes with the stored item. */
    public CompletableFuture<Object> update(Object id, Object data) {
        return update(id, data, null);
    }

    /** Replaces the item with {@code id} by {@code data}, with a query. */
    public CompletableFuture<Object> update(Object id, Object data, Map<String, ?> query) {
        return client.call(path, Methods.UPDATE, id, data, query);
    }

    /** Merges {@code data} into the item with {@code id} and completes with the patched item. */
    public CompletableFuture<Object> patch(Object id, Object data) {
        return patch(id, data, null);
    }

    /** Merges {@code data} into the item with {@code id} (every match of the query when {@code id} is null and the service allows it). */
    public CompletableFuture<Object> patch(Object id, Object data, Map<String, ?> query) {
        return client.call(path, Methods.PATCH, id, data, query);
    }

    /** Removes the item with {@code id} and completes with it. */
    public CompletableFuture<Object> remove(Object id) {
        return remove(id, null);
    }

    /** Removes the item with {@code id} (every match of the query when {@code id} is null and the service allows it). */
    public CompletableFuture<Object> remove(Object id, Map<String, ?> query) {
        return client.call(path, Methods.REMOVE, id, null, query);
    }

    /**
     * A custom method of the service, with {@code data}. A standard method's name fails with
     * BadRequest, as {@code ServiceHandle.invoke} does: call it by its own name.
     */
    public CompletableFuture<Object> invoke(String method, Object data) {
        if (Methods.isStandard(method)) {
            return CompletableFuture.failedFuture(new BadRequest("'" + method + "' is a standard method, not a custom one: call "
                    + path + "." + method + "(...)"));
        }
        return client.call(path, method, data);
    }
}
