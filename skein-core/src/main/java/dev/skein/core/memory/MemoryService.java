package dev.skein.core.memory;

import dev.skein.core.Methods;
import dev.skein.core.Params;
import dev.skein.core.Service;
import dev.skein.core.errors.BadRequest;
import dev.skein.core.errors.Conflict;
import dev.skein.core.errors.MethodNotAllowed;
import dev.skein.core.errors.NotFound;
import dev.skein.core.Json;
import dev.skein.core.query.Query;
import dev.skein.core.query.Values;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * A service that keeps its items in memory, with the semantics of the Feathers memory adapter.
 *
 * <ul>
 *   <li>Items are maps, kept in the order they were created. Data may be a POJO: it is converted to
 *       JSON-shaped data first ({@link Values#copy}). Stored and returned items are independent
 *       deep copies: changing a returned map, or the data given, never changes the store.</li>
 *   <li>Data without an id gets the next long from {@link MemoryOptions#startId()}, skipping ids in
 *       use. Ids are matched by {@link Values#idKey}, so {@code get(1)} and {@code get("1")} find the
 *       same item (a URL gives ids as strings); an item keeps the id value it was created with.</li>
 *   <li>{@code find} applies {@code params.query()} ({@link Query}). With pagination on it answers
 *       {@code {total, limit, skip, data}}, the limit being {@code $limit} (or the default) lowered
 *       to the maximum; a free param {@value #PAGINATE_PARAM} set to {@code false} turns it off for
 *       one call.</li>
 *   <li>{@code get}, {@code update}, {@code patch} and {@code remove} with an id also apply the
 *       query's conditions: an item that does not match is NotFound. Every method applies
 *       {@code $select} to what it returns.</li>
 *   <li>{@code create} with a list, and {@code patch} or {@code remove} with a {@code null} id
 *       (every item the query selects), need {@link MemoryOptions#multi()}; otherwise they answer
 *       MethodNotAllowed.</li>
 * </ul>
 *
 * <p>Thread-safe: a read-write lock guards the store and every change is atomic, including one to
 * several items. Methods never block on anything but that lock and return completed stages; a
 * failure is a failed stage, never a thrown exception. {@code params} may be {@code null}.
 */
public class MemoryService implements Service {

    /** The free param ({@link Params#set}) that, set to {@code false}, turns pagination off for one call. */
    public static final String PAGINATE_PARAM = "paginate";

    private final MemoryOptions options;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, Map<String, Object>> store = new LinkedHashMap<>();
    private long nextId;

    /** An empty service with {@link MemoryOptions#defaults()}. */
    public MemoryService() {
        this(MemoryOptions.defaults());
    }

    /** An empty service with these options. */
    public MemoryService(MemoryOptions options) {
        this.options = Objects.requireNonNull(options, "options");
        this.nextId = options.startId();
    }

    /** A service with default options holding these items, created in order. */
    public static MemoryService withItems(Map<?, ?>... items) {
        return withItems(MemoryOptions.defaults(), List.of(items));
    }

    /**
     * A service with these options holding these items, created in order whatever
     * {@link MemoryOptions#multi()} says.
     *
     * @throws BadRequest if an item is not an object
     * @throws Conflict   if two items have the same id
     */
    public static MemoryService withItems(MemoryOptions options, Collection<?> items) {
        MemoryService service = new MemoryService(options);
        service.insert(objects(new ArrayList<>(items)));
        return service;
    }

    /** The options of this service. */
    public MemoryOptions options() {
        return options;
    }

    @Override
    public CompletionStage<Object> find(Params params) {
        return run(() -> {
            Query query = query(params);
            List<Map<String, Object>> matches = query.filter(snapshot());
            boolean paginate = options.paginate() && !(params != null && Boolean.FALSE.equals(params.get(PAGINATE_PARAM)));
            if (!paginate) return copies(query, query.paged(query.sorted(matches)));
            int limit = Math.min(query.limit().orElse(options.defaultLimit()), options.maxLimit());
            List<Map<String, Object>> page = query.withLimit(limit).paged(query.sorted(matches));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("total", matches.size());
            result.put("limit", limit);
            result.put("skip", query.skip());
            result.put("data", copies(query, page));
            return result;
        });
    }

    @Override
    public CompletionStage<Object> get(Object id, Params params) {
        return run(() -> {
            String key = key(Methods.GET, id);
            Query query = query(params);
            Map<String, Object> item = read(() -> store.get(key));
            return copy(query, matching(id, item, query));
        });
    }

    @Override
    public CompletionStage<Object> create(Object data, Params params) {
        return run(() -> {
            Object plain = Json.toPlain(data);
            Query query = query(params);
            if (plain instanceof List) {
                if (!options.allowsMulti(Methods.CREATE)) throw new MethodNotAllowed("Can not create multiple entries");
                return copies(query, insert(objects((List<?>) plain)));
            }
            return copy(query, insert(List.of(object(plain))).get(0));
        });
    }

    @Override
    public CompletionStage<Object> update(Object id, Object data, Params params) {
        return run(() -> {
            if (id == null) throw new BadRequest("You can not replace multiple instances. Did you mean 'patch'?");
            String key = key(Methods.UPDATE, id);
            Map<String, Object> replacement = object(Json.toPlain(data));
            Query query = query(params);
            return copy(query, write(() -> {
                Map<String, Object> existing = matching(id, store.get(key), query);
                Map<String, Object> item = new LinkedHashMap<>();
                item.put(options.idField(), existing.get(options.idField()));
                replacement.forEach((field, value) -> {
                    if (!field.equals(options.idField())) item.put(field, value);
                });
                store.put(key, item);
                return item;
            }));
        });
    }

    @Override
    public CompletionStage<Object> patch(Object id, Object data, Params params) {
        return run(() -> {
            if (id == null && !options.allowsMulti(Methods.PATCH)) throw new MethodNotAllowed("Can not patch multiple entries");
            String key = id == null ? null : key(Methods.PATCH, id);
            Map<String, Object> changes = object(Json.toPlain(data));
            changes.remove(options.idField());
            Query query = query(params);
            if (id != null) {
                return copy(query, write(() -> merge(key, matching(id, store.get(key), query), changes)));
            }
            return copies(query, write(() -> {
                List<Map<String, Object>> patched = new ArrayList<>();
                for (Map<String, Object> item : selected(query)) {
                    patched.add(merge(Values.idKey(item.get(options.idField())), item, changes));
                }
                return patched;
            }));
        });
    }

    @Override
    public CompletionStage<Object> remove(Object id, Params params) {
        return run(() -> {
            if (id == null && !options.allowsMulti(Methods.REMOVE)) throw new MethodNotAllowed("Can not remove multiple entries");
            String key = id == null ? null : key(Methods.REMOVE, id);
            Query query = query(params);
            if (id != null) {
                return copy(query, write(() -> {
                    Map<String, Object> item = matching(id, store.get(key), query);
                    store.remove(key);
                    return item;
                }));
            }
            return copies(query, write(() -> {
                List<Map<String, Object>> removed = selected(query);
                for (Map<String, Object> item : removed) store.remove(Values.idKey(item.get(options.idField())));
                return removed;
            }));
        });
    }

    @Override
    public String toString() {
        return "MemoryService" + options;
    }

    private Query query(Params params) {
        return Query.parse(params == null ? null : params.query(), options.idField());
    }

    private static String key(String method, Object id) {
        if (id == null) throw new BadRequest("Method '" + method + "' needs an id");
        return Values.idKey(id);
    }

    private static Map<String, Object> matching(Object id, Map<String, Object> item, Query query) {
        if (item == null || !query.matches(item)) throw new NotFound("No record found for id '" + id + "'");
        return item;
    }

    /** Stored maps are never changed once stored, so a snapshot of them may be read without the lock. */
    private List<Map<String, Object>> snapshot() {
        return read(() -> new ArrayList<>(store.values()));
    }

    private List<Map<String, Object>> selected(Query query) {
        return query.paged(query.sorted(query.filter(store.values())));
    }

    private Map<String, Object> merge(String key, Map<String, Object> item, Map<String, Object> changes) {
        Map<String, Object> merged = new LinkedHashMap<>(item);
        merged.putAll(changes);
        store.put(key, merged);
        return merged;
    }

    private List<Map<String, Object>> insert(List<Map<String, Object>> items) {
        return write(() -> {
            String idField = options.idField();
            Set<String> taken = new HashSet<>();
            for (Map<String, Object> item : items) {
                Object id = item.get(idField);
                if (id == null) continue;
                String key = Values.idKey(id);
                if (store.containsKey(key) || !taken.add(key)) throw new Conflict("An item with id '" + id + "' already exists");
            }
            List<Map<String, Object>> created = new ArrayList<>(items.size());
            for (Map<String, Object> data : items) {
                Map<String, Object> item = data;
                if (data.get(idField) == null) {
                    long id = nextId++;
                    while (store.containsKey(Long.toString(id)) || taken.contains(Long.toString(id))) id = nextId++;
                    item = new LinkedHashMap<>();
                    item.put(idField, id);
                    for (Map.Entry<String, Object> e : data.entrySet()) {
                        if (!e.getKey().equals(idField)) item.put(e.getKey(), e.getValue());
                    }
                }
                store.put(Values.idKey(item.get(idField)), item);
                created.add(item);
            }
            return created;
        });
    }

    private static List<Map<String, Object>> objects(List<?> data) {
        List<Map<String, Object>> items = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            Object element = Json.toPlain(data.get(i));
            if (!(element instanceof Map)) throw new BadRequest("Item " + i + " of the data is not an object but " + kind(element));
            items.add(Values.copyMap((Map<?, ?>) element));
        }
        return items;
    }

    private static Map<String, Object> object(Object data) {
        if (!(data instanceof Map)) throw new BadRequest("Data must be an object, not " + kind(data));
        return Values.copyMap((Map<?, ?>) data);
    }

    private static String kind(Object value) {
        if (value == null) return "null";
        if (value instanceof List) return "a list";
        if (value instanceof String) return "a string";
        if (value instanceof Number) return "a number";
        if (value instanceof Boolean) return "a boolean";
        return value.getClass().getSimpleName();
    }

    private static Map<String, Object> copy(Query query, Map<String, Object> item) {
        // one deep copy; a projection first only when $select asks for one
        return Values.copyMap(query.select().isPresent() ? query.project(item) : item);
    }

    private static List<Map<String, Object>> copies(Query query, List<Map<String, Object>> items) {
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        for (Map<String, Object> item : items) out.add(copy(query, item));
        return out;
    }

    private <T> T read(Supplier<T> body) {
        return locked(lock.readLock(), body);
    }

    private <T> T write(Supplier<T> body) {
        return locked(lock.writeLock(), body);
    }

    private static <T> T locked(Lock lock, Supplier<T> body) {
        lock.lock();
        try {
            return body.get();
        } finally {
            lock.unlock();
        }
    }

    private static CompletionStage<Object> run(Supplier<Object> body) {
        try {
            return CompletableFuture.completedFuture(body.get());
        } catch (Throwable t) {
            return CompletableFuture.failedFuture(t);
        }
    }
}
