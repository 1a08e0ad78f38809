package dev.skein.core;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A service offering the six standard methods and custom methods: each answers
 * {@code {method, id, data, query}} and records what it was called with and on which thread.
 */
class RecordingService implements Service {

    /** One call as the service saw it. */
    record Call(String method, Object id, Object data, Params params, Thread thread) {
    }

    final List<Call> calls = new CopyOnWriteArrayList<>();

    static Map<String, Object> answer(String method, Object id, Object data, Params params) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("method", method);
        answer.put("id", id);
        answer.put("data", data);
        answer.put("query", params.query());
        return answer;
    }

    CompletionStage<Object> record(String method, Object id, Object data, Params params) {
        calls.add(new Call(method, id, data, params, Thread.currentThread()));
        return CompletableFuture.completedFuture(answer(method, id, data, params));
    }

    Call onlyCall() {
        if (calls.size() != 1) throw new AssertionError("expected one call, got " + calls);
        return calls.get(0);
    }

    @Override
    public CompletionStage<Object> find(Params params) {
        return record(Methods.FIND, null, null, params);
    }

    @Override
    public CompletionStage<Object> get(Object id, Params params) {
        return record(Methods.GET, id, null, params);
    }

    @Override
    public CompletionStage<Object> create(Object data, Params params) {
        return record(Methods.CREATE, null, data, params);
    }

    @Override
    public CompletionStage<Object> update(Object id, Object data, Params params) {
        return record(Methods.UPDATE, id, data, params);
    }

    @Override
    public CompletionStage<Object> patch(Object id, Object data, Params params) {
        return record(Methods.PATCH, id, data, params);
    }

    @Override
    public CompletionStage<Object> remove(Object id, Params params) {
        return record(Methods.REMOVE, id, null, params);
    }

    @Override
    public CompletionStage<Object> invoke(String method, Object data, Params params) {
        return record(method, null, data, params);
    }
}
