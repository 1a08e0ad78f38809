package dev.skein.core;

import java.util.concurrent.CompletionStage;

import java.util.Objects;

/**
 * What hooks see of one call, and may change: id, data, params, result, error and the event the
 * call will emit. One call owns its context; it is not thread-safe and hooks of one call run one
 * after the other.
 */
public final class HookContext {

    private final App app;
    private final ServiceHandle service;
    private final String method;
    private HookType type;
    private Object id;
    private Object data;
    private Params params;
    private Object result;
    private boolean resultSet;
    private Throwable error;
    private String event;
    private boolean eventLocal;
    private Object dispatch;
    /** The stage the service method returned, while it runs: cancelled when the call is. */
    volatile CompletionStage<?> running;

    HookContext(App app, ServiceHandle service, String method, Object id, Object data, Params params) {
        this.app = app;
        this.service = service;
        this.method = method;
        this.id = id;
        this.data = data;
        this.params = params == null ? new Params() : params;
        this.event = Methods.eventOf(method);
        this.type = HookType.BEFORE;
    }

    /** The app the service is registered in. */
    public App app() {
        return app;
    }

    /** The service being called, with its hooks and events. */
    public ServiceHandle service() {
        return service;
    }

    /** The path of the service being called, without slashes at either end. */
    public String path() {
        return service.path();
    }

    /** The method being called: a standard one ({@link Methods}) or a custom one. */
    public String method() {
        return method;
    }

    /** Which kind of hook is running now. */
    public HookType type() {
        return type;
    }

    void type(HookType type) {
        this.type = type;
    }

    /** The id of the item, for {@code get}, {@code update}, {@code patch} and {@code remove}; {@code null} otherwise or for a call on many items. */
    public Object id() {
        return id;
    }

    /** Replaces the id the method will get; for before hooks. */
    public HookContext id(Object id) {
        this.id = id;
        return this;
    }

    /** The JSON-shaped data of the call ({@code create}, {@code update}, {@code patch}, custom methods), or {@code null}. */
    public Object data() {
        return data;
    }

    /** Replaces the data the method will get; for before hooks. */
    public HookContext data(Object data) {
        this.data = data;
        return this;
    }

    /** The params of the call: query, provider, user and anything hooks put there; never {@code null}. */
    public Params params() {
        return params;
    }

    /** Replaces the params the method will get; not {@code null}. */
    public HookContext params(Params params) {
        this.params = Objects.requireNonNull(params, "params");
        return this;
    }

    /** The result, once the method or a hook set one ({@link #hasResult()}); {@code null} before. */
    public Object result() {
        return result;
    }

    /** Sets the result: in a before hook this skips the method; in an after or error hook it replaces the answer. */
    public HookContext result(Object result) {
        this.result = result;
        this.resultSet = true;
        return this;
    }

    /** True once a result was set, by the method or by a hook (a {@code null} result counts). */
    public boolean hasResult() {
        return resultSet;
    }

    /**
     * What outside clients and other nodes may see of the result, when it differs from the result
     * (Feathers' {@code context.dispatch}): the gateway sends it in events and the mesh and sync
     * distribute it; {@code null} means the result. For a list result, a list of the same length.
     */
    public Object dispatch() {
        return dispatch;
    }

    /** Sets what outside clients and other nodes see in place of the result; {@code null} clears it. */
    public HookContext dispatch(Object dispatch) {

        this.dispatch = dispatch;
        return this;
    }

    /** The failure, in error hooks; {@code null} otherwise. */
    public Throwable error() {
        return error;
    }

    /** Replaces the failure; in an error hook, {@code null} together with {@link #result(Object)} recovers the call. */
    public HookContext error(Throwable error) {
        this.error = error;
        return this;
    }

    /** The event this call will emit on success ({@code created} for create...), or {@code null}. */
    public String event() {
        return event;
    }

    /** Changes the event this call emits; {@code null} emits none. */
    public HookContext event(String event) {
        this.event = event;
        return this;
    }

    /**
     * Keeps this call's event on this node: local listeners hear it, but the mesh and sync do not
     * send it to other nodes (feathers-sync's {@code context[SYNC] = false}).
     */
    public HookContext keepEventLocal() {
        this.eventLocal = true;
        return this;
    }

    /** True when {@link #keepEventLocal()} was called. */
    public boolean eventLocal() {
        return eventLocal;
    }

    void clearResult() {
        result = null;
        resultSet = false;
    }

    @Override
    public String toString() {
        return "HookContext{" + path() + "." + method + ", type=" + type + ", id=" + id + "}";
    }
}
