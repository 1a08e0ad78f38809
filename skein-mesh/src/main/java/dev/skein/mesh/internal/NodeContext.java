package dev.skein.mesh.internal;

import dev.skein.mesh.internal.telemetry.MeshMetrics;
import dev.skein.mesh.internal.telemetry.MeshTracing;

import dev.skein.core.App;
import dev.skein.core.internal.SerialExecutor;
import dev.skein.mesh.MeshOptions;
import dev.skein.mesh.spi.Codec;
import dev.skein.mesh.spi.LogLimiter;
import dev.skein.mesh.spi.Transport;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

/**
 * What the parts of one {@link MeshNode} share: who the node is, its app and options, the
 * transport and codec it speaks through, its clock, timer and control queue, and how far its life went
 * (started, closing, closed).
 */
final class NodeContext {

    final String nodeId;
    final App app;
    final MeshOptions options;
    final Transport transport;
    /** The codec of every frame: sealed with the mesh's credentials when it has any. */
    final Codec codec;
    /** Where its parts read the time: the system's, or a test's. */
    final Clock clock;
    /** Its timer, on {@link #clock}'s time; shut down when the node closes. */
    final ScheduledExecutorService scheduler;
    /** Registry changes and proxy registration run here, one at a time. */
    final SerialExecutor control;
    final LogLimiter dropLines = new LogLimiter(Duration.ofMinutes(1));
    final PeerIdentities identities = new PeerIdentities();
    /** The nodes it refused for their credentials and the other namespaces it heard, lately: a call that finds no instance names them. */
    final Strangers strangers;
    /** Completes when the transport started and this node announced itself. */
    final CompletableFuture<Void> started = new CompletableFuture<>();
    volatile boolean closing;
    volatile boolean closed;
    /** What this node measures: {@link MeshMetrics#NONE} without a MeterRegistry. Set once, before the transport starts. */
    MeshMetrics metrics = MeshMetrics.NONE;
    /** Its spans: {@link MeshTracing#NONE} without an OpenTelemetry SDK. */
    final MeshTracing tracing;
    /** Sync-only mode ({@link MeshOptions.EventsOnly}): events go out and come in; nothing is announced, served or called. */
    final boolean eventsOnly;

    NodeContext(String nodeId, App app, MeshOptions options, Transport transport, Codec codec, Clock clock) {
        this.nodeId = nodeId;
        this.app = app;
        this.options = options;
        this.transport = transport;
        this.codec = codec;
        this.clock = clock;
        this.strangers = new Strangers(clock);
        this.eventsOnly = options.eventsOnly() != null;
        this.tracing = options.telemetry().openTelemetry() == io.opentelemetry.api.OpenTelemetry.noop() ? MeshTracing.NONE
                : new MeshTracing(options.telemetry().openTelemetry());
        this.scheduler = clock.newTimer(nodeId);
        this.control = new SerialExecutor(app.executor());
    }

    /** Sends {@code frame} to {@code node} through the transport, counted; false when the transport has no way to it now. */
    boolean send(String node, byte[] frame) {
        boolean sent = transport.send(node, frame);
        if (sent) metrics.frameOut(frame.length);
        return sent;
    }

    /** Broadcasts {@code frame} through the transport, counted once. */
    void broadcast(byte[] frame) {
        transport.broadcast(frame);
        metrics.frameOut(frame.length);
    }

    /** Broadcasts a heartbeat: ahead of what waits on the transport's queues, where it has them. */
    void broadcastHeartbeat(byte[] frame) {
        transport.broadcastHeartbeat(frame);
        metrics.frameOut(frame.length);
    }
}
