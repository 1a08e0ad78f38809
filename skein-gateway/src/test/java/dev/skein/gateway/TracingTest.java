package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.Service;
import dev.skein.core.ServiceOptions;
import dev.skein.core.memory.MemoryService;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One trace from an HTTP client through the gateway to node A and on to node B, over tcp: a client
 * and a server span per remote call, parent and child across nodes, the trace id in the MDC while
 * service code runs, and the event a call emits carrying that call's context.
 */
@Timeout(60)
class TracingTest {

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private SdkTracerProvider tracerProvider;
    private OpenTelemetrySdk otel;
    private Cluster cluster;

    @BeforeEach
    void start() {
        tracerProvider = SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build();
        otel = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider)
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance())).build();
        cluster = new Cluster("tcp://?beacon=200");
    }

    @AfterEach
    void stop() {
        cluster.close();
        tracerProvider.close();
    }

    @Test
    void oneTraceRunsFromTheGatewayThroughNodeAToNodeBWithParentAndChildSpans() {
        AtomicReference<String> traceInB = new AtomicReference<>();
        AtomicReference<String> traceInA = new AtomicReference<>();
        cluster.node("b", app -> app.use("billing", new Service() {
            @Override
            public CompletionStage<Object> get(Object id, Params params) {
                traceInB.set(MDC.get("trace_id"));
                return CompletableFuture.completedFuture(Map.of("invoice", id));
            }
        }), mesh -> mesh.tracing(otel));
        App a = cluster.node("a", app -> app.use("orders", new Service() {
            @Override
            public CompletionStage<Object> get(Object id, Params params) {
                traceInA.set(MDC.get("trace_id"));
                // a call made while serving one: its span is a child of this call's server span
                return app.service("billing").get(id, new Params()).thenApply(bill -> Map.of("order", id, "bill", bill));
            }
        }), mesh -> mesh.tracing(otel));
        App gatewayApp = cluster.node("gateway", app -> { }, mesh -> mesh.tracing(otel));
        Cluster.awaitService(a, "billing");
        Cluster.awaitService(gatewayApp, "orders");
        Http http = new Http(Cluster.gateway(gatewayApp));
        spans.reset();

        Http.Response answer = http.get("/orders/7");

        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> spans.getFinishedSpanItems().size() >= 4);
        List<SpanData> all = spans.getFinishedSpanItems();
        SpanData gatewayClient = only(all, "orders get", SpanKind.CLIENT);
        SpanData aServer = only(all, "orders get", SpanKind.SERVER);
        SpanData aClient = only(all, "billing get", SpanKind.CLIENT);
        SpanData bServer = only(all, "billing get", SpanKind.SERVER);
        String trace = gatewayClient.getTraceId();
        assertThat(List.of(aServer, aClient, bServer)).allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(trace));
        assertThat(aServer.getParentSpanId()).isEqualTo(gatewayClient.getSpanId());
        assertThat(aClient.getParentSpanId()).isEqualTo(aServer.getSpanId());
        assertThat(bServer.getParentSpanId()).isEqualTo(aClient.getSpanId());
        assertThat(gatewayClient.getAttributes().asMap().toString()).contains("rpc.service=orders").contains("rpc.method=get")
                .contains("skein.peer.node=" + a.plugin(dev.skein.mesh.Mesh.class).orElseThrow().nodeId());
        assertThat(traceInA.get()).isEqualTo(trace);
        assertThat(traceInB.get()).isEqualTo(trace);
    }

    @Test
    void aTraceparentFromTheHttpClientIsTheParentAndAFailedCallIsMarkedSo() {
        cluster.node("a", app -> app.use("orders", new MemoryService()), mesh -> mesh.tracing(otel));
        App gatewayApp = cluster.node("gateway", app -> { }, mesh -> mesh.tracing(otel));
        Cluster.awaitService(gatewayApp, "orders");
        Http http = new Http(Cluster.gateway(gatewayApp));
        spans.reset();
        String outsideTrace = "4bf92f3577b34da6a3ce929d0e0e4736";

        Http.Response missing = http.get("/orders/404", "traceparent", "00-" + outsideTrace + "-00f067aa0ba902b7-01");

        assertThat(missing.status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(5)).until(() -> spans.getFinishedSpanItems().size() >= 2);
        SpanData client = only(spans.getFinishedSpanItems(), "orders get", SpanKind.CLIENT);
        SpanData server = only(spans.getFinishedSpanItems(), "orders get", SpanKind.SERVER);
        assertThat(client.getTraceId()).isEqualTo(outsideTrace);
        assertThat(client.getParentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(server.getParentSpanId()).isEqualTo(client.getSpanId());
        assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(client.getAttributes().asMap().toString()).contains("error.type=NotFound");
    }

    @Test
    void anEventCarriesTheContextOfTheCallThatEmittedItToTheListenersOfAnotherNode() {
        cluster.node("a", app -> app.use("orders", new MemoryService(), ServiceOptions.builder().build()), mesh -> mesh.tracing(otel));
        App listener = cluster.node("listener", app -> { }, mesh -> mesh.tracing(otel));
        Cluster.awaitService(listener, "orders");
        List<String> tracesHeard = new CopyOnWriteArrayList<>();
        listener.service("orders").on("created", e -> tracesHeard.add(String.valueOf(MDC.get("trace_id"))));
        spans.reset();

        Cluster.join(listener.service("orders").create(Map.of("item", "book")));

        await().atMost(Duration.ofSeconds(5)).until(() -> tracesHeard.size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> spans.getFinishedSpanItems().stream().anyMatch(s -> s.getKind() == SpanKind.CONSUMER));
        SpanData server = only(spans.getFinishedSpanItems(), "orders create", SpanKind.SERVER);
        SpanData heard = only(spans.getFinishedSpanItems(), "orders created", SpanKind.CONSUMER);
        assertThat(heard.getTraceId()).isEqualTo(server.getTraceId());
        assertThat(heard.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(tracesHeard).containsExactly(server.getTraceId());
    }

    private static SpanData only(List<SpanData> spans, String name, SpanKind kind) {
        List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name) && s.getKind() == kind).toList();
        assertThat(found).as(name + " " + kind + " among " + spans.stream().map(s -> s.getName() + "/" + s.getKind()).toList()).hasSize(1);
        return found.get(0);
    }
}
