package dev.skein.core;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A call its caller gave up on: the service's work stops, and nobody is told it failed. */
@org.junit.jupiter.api.Timeout(10)
class CancelledCallTest {

    /** Runs each task at once on the thread that hands it over: the whole call runs on the test's thread. */
    private static final class Inline extends AbstractExecutorService {
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
            shutdown = true;
        }

        @Override
        public List<Runnable> shutdownNow() {
            shutdown = true;
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return shutdown;
        }

        @Override
        public boolean isTerminated() {
            return shutdown;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    private final App app = App.builder().name("cancel-test").executor(new Inline()).build();
    private final CompletableFuture<Object> work = new CompletableFuture<>();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger callLog = (Logger) LoggerFactory.getLogger(ServiceHandle.class);

    @AfterEach
    void close() {
        callLog.detachAppender(logs);
        app.close();
    }

    @Test
    void aCallItsCallerCancelledStopsTheServicesWorkWithoutAWarning() {
        app.use("slow", new Service() {
            @Override
            public CompletionStage<Object> create(Object data, Params params) {
                return work;
            }
        });
        logs.start();
        callLog.addAppender(logs);
        CompletableFuture<Object> call = app.service("slow").create(Map.of("title", "milk"));
        assertThat(work.getNumberOfDependents()).as("the service runs the call").isPositive();

        call.cancel(false);

        assertThat(work).isCancelled();
        assertThat(logs.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).extracting(ILoggingEvent::getFormattedMessage).isEmpty();
    }
}
