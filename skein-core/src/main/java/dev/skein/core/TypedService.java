package dev.skein.core;


import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * A view of a service that maps its JSON data to and from {@code T} with Jackson:
 * {@code app.service("todos", Todo.class).get(1)} completes with a {@code Todo}. Data that does
 * not fit {@code T} fails the call with a BadRequest. Thread-safe.
 */
public final class TypedService<T> {

    private final ServiceHandle handle;
    private final Class<T> type;

    TypedService(ServiceHandle handle, Class<T> type) {
        this.handle = handle;
        this.type = type;
    }

    /** The untyped service underneath. */
    public ServiceHandle handle() {
        return handle;
    }

    /** The items matching the query; for a paginated service, the items of the page. */
    public CompletableFuture<List<T>> find(Params params) {
        return handle.find(params).thenApply(result -> items(result instanceof Map<?, ?> page ? page.get("data") : result));
    }

    /** One page: {@code total}, {@code limit}, {@code skip} and the items. A service without pagination gives one page of everything. */
    public CompletableFuture<Page<T>> findPage(Params params) {
        return handle.find(params).thenApply(result -> {
            if (result instanceof Map<?, ?> page) {
                List<T> data = items(page.get("data"));
                return new Page<>(number(page.get("total"), data.size()), number(page.get("limit"), data.size()),
                        number(page.get("skip"), 0), data);
            }
            List<T> data = items(result);
            return new Page<>(data.size(), data.size(), 0, data);
        });
    }

    /** The item with {@code id} as a {@code T}; fails with NotFound when there is none. */
    public CompletableFuture<T> get(Object id) {
        return handle.get(id).thenApply(this::item);
    }

    /** The item with {@code id} as a {@code T}, with params. */
    public CompletableFuture<T> get(Object id, Params params) {
        return handle.get(id, params).thenApply(this::item);
    }

    /** Creates an item from {@code data} and completes with the item the service stored (with its id). */
    public CompletableFuture<T> create(T data) {
        return handle.create(data).thenApply(this::item);
    }

    /** Creates an item from {@code data}, with params, and completes with the item the service stored. */
    public CompletableFuture<T> create(T data, Params params) {
        return handle.create(data, params).thenApply(this::item);
    }

    /** Replaces the item with {@code id} by {@code data} and completes with the stored item. */
    public CompletableFuture<T> update(Object id, T data) {
        return handle.update(id, data).thenApply(this::item);
    }

    /** Replaces the item with {@code id} by {@code data}, with params, and completes with the stored item. */
    public CompletableFuture<T> update(Object id, T data, Params params) {
        return handle.update(id, data, params).thenApply(this::item);
    }

    /** Merges {@code changes} (a map or a partial object) into the item. */
    public CompletableFuture<T> patch(Object id, Object changes) {
        return handle.patch(id, changes).thenApply(this::item);
    }

    /** Merges {@code changes} into the item, with params. */
    public CompletableFuture<T> patch(Object id, Object changes, Params params) {
        return handle.patch(id, changes, params).thenApply(this::item);
    }

    /** Removes the item with {@code id} and completes with it. */
    public CompletableFuture<T> remove(Object id) {
        return handle.remove(id).thenApply(this::item);
    }

    /** Removes the item with {@code id}, with params, and completes with it. */
    public CompletableFuture<T> remove(Object id, Params params) {
        return handle.remove(id, params).thenApply(this::item);
    }

    private T item(Object data) {
        return Json.convert(data, type);
    }

    private List<T> items(Object data) {
        List<T> out = new ArrayList<>();
        if (data instanceof List<?> list) {
            for (Object o : list) out.add(item(o));
        } else if (data != null) {
            out.add(item(data));
        }
        return out;
    }

    private static long number(Object value, long fallback) {
        return value instanceof Number n ? n.longValue() : fallback;
    }

    /**
     * One page of a find.
     *
     * @param total how many items match the query in all
     * @param limit the page size the service applied
     * @param skip  how many matching items come before this page
     * @param data  the items of this page, as {@code T}
     */
    public record Page<T>(long total, long limit, long skip, List<T> data) {

    }
}
