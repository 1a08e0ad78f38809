package dev.skein.mesh.internal;

import dev.skein.core.errors.SkeinError;
import dev.skein.mesh.spi.Transport;
import dev.skein.mesh.spi.TransportContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Starts a transport once, or, when asked to wait for what it connects to (a broker that is not up
 * yet), again and again with a growing pause until it starts or the wait is over. Each failed
 * attempt is logged with the transport's own message, which names the address (Transport rule 1);
 * the last one is the error of the returned future.
 */
final class TransportStarter {

    private static final Logger LOG = LoggerFactory.getLogger(TransportStarter.class);

    static final Duration FIRST_PAUSE = Duration.ofMillis(250);
    static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

    private final Transport transport;
    private final TransportContext context;
    private final String who;
    private final long deadlineNanos;
    private final BooleanSupplier stopped;
    private final Consumer<Throwable> failedAttempt;
    private final CompletableFuture<Void> result = new CompletableFuture<>();
    private int attempts;

    private TransportStarter(Transport transport, TransportContext context, String who, Duration waitUpTo, BooleanSupplier stopped,
                             Consumer<Throwable> failedAttempt) {
        this.transport = transport;
        this.context = context;
        this.who = who;
        this.deadlineNanos = System.nanoTime() + waitUpTo.toNanos();
        this.stopped = stopped;
        this.failedAttempt = failedAttempt;
    }

    /**
     * Starts {@code transport}; with a positive {@code waitUpTo} a failed start is tried again (the
     * transport released what the failed attempt opened: Transport rule 10) until that much time has
     * passed. Retries stop, and the future fails, as soon as {@code stopped} says so.
     *
     * @param who           names the starter in log lines: "Node orders-1f0c9a2b", "Sync"
     * @param failedAttempt told of each failed attempt, as it happens
     */
    static CompletableFuture<Void> start(Transport transport, TransportContext context, String who, Duration waitUpTo,
                                                BooleanSupplier stopped, Consumer<Throwable> failedAttempt) {
        TransportStarter starter = new TransportStarter(transport, context, who, waitUpTo, stopped, failedAttempt);
        starter.attempt();
        return starter.result;
    }

    private void attempt() {
        attempts++;
        CompletableFuture<Void> started;
        try {
            started = transport.start(context);
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        started.whenComplete((v, failure) -> {
            if (failure == null) {
                result.complete(null);
                return;
            }
            Throwable cause = SkeinError.unwrap(failure);
            failedAttempt.accept(cause);
            long left = deadlineNanos - System.nanoTime();
            if (stopped.getAsBoolean() || left <= 0 || cause instanceof dev.skein.mesh.spi.TransportRefusedException) {
                result.completeExceptionally(attempts == 1 ? cause
                        : new java.io.IOException(cause.getMessage() + " (gave up after " + attempts + " attempts)", cause));
                return;
            }
            long pause = Math.min(Math.min(LONGEST_PAUSE.toNanos(), FIRST_PAUSE.toNanos() << Math.min(attempts - 1, 10)), left);
            LOG.warn("{} is waiting for its transport: {}; trying again in {} ms", who, cause.getMessage(),
                    TimeUnit.NANOSECONDS.toMillis(pause));
            try {
                context.scheduler().schedule(this::attempt, pause, TimeUnit.NANOSECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                result.completeExceptionally(cause); // the owner shut down while we waited
            }
        });
    }
}
