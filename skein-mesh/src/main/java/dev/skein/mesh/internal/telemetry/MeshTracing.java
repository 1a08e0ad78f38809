package dev.skein.mesh.internal.telemetry;

import dev.skein.core.CallScope;
import dev.skein.core.Params;
import dev.skein.core.errors.SkeinError;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.Map;

/**
 * A node's spans (OpenTelemetry API; the SDK is the user's): a client span per call it sends and a
 * server span per call it serves, named {@code <service> <method>} with the RPC attributes, and a
 * consumer span per event its listeners hear. The context travels in the packet's headers in the
 * propagators' format (W3C {@code traceparent} with the SDK's defaults). While a served call's
 * method runs, its span is current and SLF4J's MDC holds {@code trace_id} and {@code span_id}.
 *
 * <p>With {@link OpenTelemetry#noop()} it is {@linkplain #enabled() disabled}: call sites skip it.
 */
public final class MeshTracing {

    /** What tracing costs nothing: no SDK. */
    public static final MeshTracing NONE = new MeshTracing(OpenTelemetry.noop());

    static final AttributeKey<String> RPC_SYSTEM = AttributeKey.stringKey("rpc.system");
    static final AttributeKey<String> RPC_SERVICE = AttributeKey.stringKey("rpc.service");
    static final AttributeKey<String> RPC_METHOD = AttributeKey.stringKey("rpc.method");
    /** The other node: the one a call went to, or came from. */
    static final AttributeKey<String> PEER_NODE = AttributeKey.stringKey("skein.peer.node");
    static final AttributeKey<String> NODE = AttributeKey.stringKey("skein.node");
    static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

    private static final TextMapGetter<Map<String, ?>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, ?> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, ?> carrier, String key) {
            if (carrier == null) return null;
            Object v = carrier.get(key);
            return v == null ? null : v.toString();
        }
    };

    private final boolean enabled;
    private final Tracer tracer;
    private final TextMapPropagator propagator;

    /** Traces with {@code otel}'s tracer {@code dev.skein.mesh} and propagates with its text-map propagator. */
    public MeshTracing(OpenTelemetry otel) {
        this.enabled = otel.getTracerProvider() != TracerProvider.noop();
        this.tracer = otel.getTracer("dev.skein.mesh");
        this.propagator = otel.getPropagators().getTextMapPropagator();
    }

    /** False when {@code otel} has the no-op tracer provider: call sites then skip building spans. */
    public boolean enabled() {

        return enabled;
    }

    // ---- calls ----------------------------------------------------------------------------------

    /**
     * Starts the client span of a call to {@code service.method}, child of the context current on
     * this thread, else of the call this one is made for ({@link CallScope} in {@code params}), else
     * of a {@code traceparent} among the params' headers (a gateway passes its HTTP client's on).
     */
    public Span startClient(String service, String method, Params params, String nodeId) {
        Context parent = parentOf(params);
        return tracer.spanBuilder(service + " " + method).setSpanKind(SpanKind.CLIENT).setParent(parent)
                .setAttribute(RPC_SYSTEM, "skein").setAttribute(RPC_SERVICE, service).setAttribute(RPC_METHOD, method)
                .setAttribute(NODE, nodeId).startSpan();
    }

    private Context parentOf(Params params) {
        Context current = Context.current();
        if (Span.fromContext(current).getSpanContext().isValid()) return current;
        if (params != null && params.get(CallScope.PARAM) instanceof TraceScope served) return served.context;
        if (params != null && params.headers() != null && !params.headers().isEmpty()) {
            Context extracted = propagator.extract(Context.root(), params.headers(), HEADERS);
            if (Span.fromContext(extracted).getSpanContext().isValid()) return extracted;
        }
        return Context.root();
    }

    /** The headers that carry {@code span}'s context to the node that serves the call. */
    public Map<String, String> headers(Span span) {
        Map<String, String> headers = new HashMap<>(4);
        propagator.inject(Context.root().with(span), headers, Map::put);
        return headers;
    }

    /** Ends a span: an error marks it failed, with the error's name. */
    public static void end(Span span, String peerNode, Throwable error) {
        if (peerNode != null) span.setAttribute(PEER_NODE, peerNode);
        if (error != null) {
            Throwable cause = SkeinError.unwrap(error);
            span.setStatus(StatusCode.ERROR, String.valueOf(cause.getMessage()));
            span.setAttribute(ERROR_TYPE, SkeinError.from(cause).name());
        }
        span.end();
    }

    /** Starts the server span of a call that came from {@code caller} with {@code headers}. */
    public Span startServer(String service, String method, String caller, Map<String, ?> headers, String nodeId) {
        Context parent = headers == null ? Context.root() : propagator.extract(Context.root(), headers, HEADERS);
        return tracer.spanBuilder(service + " " + method).setSpanKind(SpanKind.SERVER).setParent(parent)
                .setAttribute(RPC_SYSTEM, "skein").setAttribute(RPC_SERVICE, service).setAttribute(RPC_METHOD, method)
                .setAttribute(PEER_NODE, caller).setAttribute(NODE, nodeId).startSpan();
    }

    /** What makes {@code span} current while a service runs: set in the served call's params. */
    public static CallScope scope(Span span) {
        return new TraceScope(Context.root().with(span));
    }

    // ---- events ---------------------------------------------------------------------------------

    /**
     * The headers that carry the context an event was emitted in: the call that emitted it (its
     * {@link CallScope} in {@code params}), else the context current on this thread; null when none.
     */
    public Map<String, String> eventHeaders(Params params) {
        Context context = params != null && params.get(CallScope.PARAM) instanceof TraceScope served ? served.context : Context.current();
        if (!Span.fromContext(context).getSpanContext().isValid()) return null;
        Map<String, String> headers = new HashMap<>(4);
        propagator.inject(context, headers, Map::put);
        return headers;
    }

    /** Starts the consumer span of an event from {@code from}, child of the context its headers carry; null when they carry none. */
    public Span startEvent(String service, String event, String from, Map<String, ?> headers, String nodeId) {
        if (headers == null) return null;
        Context parent = propagator.extract(Context.root(), headers, HEADERS);
        if (!Span.fromContext(parent).getSpanContext().isValid()) return null;
        return tracer.spanBuilder(service + " " + event).setSpanKind(SpanKind.CONSUMER).setParent(parent)
                .setAttribute(RPC_SYSTEM, "skein").setAttribute(RPC_SERVICE, service).setAttribute(PEER_NODE, from)
                .setAttribute(NODE, nodeId).startSpan();
    }

    /** A span made current, with its ids in the MDC, while service code runs. */
    static final class TraceScope implements CallScope {
        final Context context;

        TraceScope(Context context) {
            this.context = context;
        }

        @Override
        public Entered enter() {
            Scope scope = context.makeCurrent();
            SpanContext span = Span.fromContext(context).getSpanContext();
            String traceBefore = MDC.get("trace_id");
            String spanBefore = MDC.get("span_id");
            MDC.put("trace_id", span.getTraceId());
            MDC.put("span_id", span.getSpanId());
            return () -> {
                restore("trace_id", traceBefore);
                restore("span_id", spanBefore);
                scope.close();
            };
        }

        private static void restore(String key, String value) {
            if (value == null) MDC.remove(key);
            else MDC.put(key, value);
        }
    }
}
