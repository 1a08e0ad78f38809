package dev.skein.bench;

import dev.skein.mesh.Mesh;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.Collection;

/**
 * What a benchmark's nodes measure ({@code --telemetry}): {@code off} (the default: no registry,
 * no SDK), {@code metrics} (a Micrometer {@link SimpleMeterRegistry}), {@code traces} (the
 * OpenTelemetry SDK, every span sampled and batched to an exporter that drops them), {@code both}.
 */
final class BenchTelemetry {

    private BenchTelemetry() {
    }

    /** {@code mode} when it is one of the four; else an IllegalArgumentException saying which are. */
    static String check(String mode) {
        if (!java.util.Set.of("off", "metrics", "traces", "both").contains(mode)) {
            throw new IllegalArgumentException("--telemetry must be off, metrics, traces or both, got " + mode);
        }
        return mode;
    }

    static void apply(String mode, Mesh.Builder mesh) {
        switch (mode) {
            case "off" -> { }
            case "metrics" -> mesh.metrics(new SimpleMeterRegistry());
            case "traces" -> mesh.tracing(sdk());
            case "both" -> mesh.metrics(new SimpleMeterRegistry()).tracing(sdk());
            default -> throw new IllegalArgumentException("--telemetry must be off, metrics, traces or both, got " + mode);
        }
    }

    private static OpenTelemetrySdk sdk() {
        SpanExporter dropping = new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode flush() {
                return CompletableResultCode.ofSuccess();
            }

            @Override
            public CompletableResultCode shutdown() {
                return CompletableResultCode.ofSuccess();
            }
        };
        return OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(BatchSpanProcessor.builder(dropping).build()).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }
}
