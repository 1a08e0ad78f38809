package dev.skein.gateway.internal;

import dev.skein.core.App;
import dev.skein.core.Json;
import dev.skein.core.Params;
import dev.skein.core.ServiceEvent;
import dev.skein.core.errors.NotFound;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** One WebSocket session alone: its messages in, its calls out through {@link ClientCalls}, its answers on an embedded channel. */
class WebSocketSessionTest {

    private final App app = App.create();
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<Object[]> calls = new ArrayList<>();
    private CompletableFuture<Object> answer = CompletableFuture.completedFuture(Map.of("id", 1));

    private final ClientCalls gateway = new ClientCalls() {
        @Override
        public App app() {
            return app;
        }

        @Override
        public BoundedJson json() {
            return new BoundedJson(1024, 8);
        }

        @Override
        public CompletableFuture<Object> callAt(Object wirePath, String method, Object id, Object data, Params params) {
            calls.add(new Object[] {wirePath, method, id, data, params});
            return answer;
        }
    };

    private final WebSocketSession session = new WebSocketSession(gateway, null, channel, "ws-1");

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
        app.close();
    }

    @Test
    void aCallMessageCallsItsPathWithTheWebSocketProviderAndAnswersWithItsRef() {
        session.receive("{\"type\":\"call\",\"ref\":7,\"path\":\"todos\",\"method\":\"get\",\"id\":1,\"query\":{\"done\":false}}");

        assertThat(calls).hasSize(1);
        Object[] call = calls.get(0);
        assertThat(call[0]).isEqualTo("todos");
        assertThat(call[1]).isEqualTo("get");
        assertThat(call[2]).isEqualTo(1);
        Params params = (Params) call[4];
        assertThat(params.provider()).isEqualTo(Params.WEBSOCKET);
        assertThat(params.query()).containsEntry("done", false);
        assertThat((Object) params.get(Params.CLIENT_ADDRESS)).as("the peer of the connection").isNotNull();
        assertThat((Object) sent()).isEqualTo(Map.of("type", "result", "ref", 7, "result", Map.of("id", 1)));
    }

    @Test
    void aFailedCallIsAnsweredWithTheErrorsJsonForm() {
        answer = CompletableFuture.failedFuture(new NotFound("No record 9"));

        session.receive("{\"type\":\"call\",\"ref\":\"a\",\"path\":\"todos\",\"method\":\"get\",\"id\":9}");

        Map<?, ?> message = sent();
        assertThat(message.get("type")).isEqualTo("error");
        assertThat(message.get("ref")).isEqualTo("a");
        Map<?, ?> error = (Map<?, ?>) message.get("error");
        assertThat(error.get("name")).isEqualTo("NotFound");
        assertThat(error.get("code")).isEqualTo(404);
    }

    @Test
    void aMessageThatIsNoCallReachesNoServiceAndIsAnsweredWithBadRequest() {
        session.receive("[1, 2]");
        session.receive("{\"type\":\"shout\",\"ref\":3}");
        session.receive("{\"type\":\"watch\",\"ref\":4}");

        assertThat(calls).isEmpty();
        assertThat(((Map<?, ?>) sent().get("error")).get("name")).isEqualTo("BadRequest");
        assertThat(((Map<?, ?>) sent().get("error")).get("name")).isEqualTo("BadRequest");
        assertThat(((Map<?, ?>) sent().get("error")).get("name")).as("no dashboard on this gateway").isEqualTo("NotFound");
    }

    @Test
    void aWatchingSessionGetsASnapshotThenTheEventsTheFanOutSaysItHears() {
        DashboardFeed feed = new DashboardFeed(app);
        WebSocketSession watcher = new WebSocketSession(gateway, feed, channel, "ws-2");

        watcher.receive("{\"type\":\"watch\",\"ref\":1}");
        assertThat(sent().get("type")).isEqualTo("result");

        feed.event(new ServiceEvent("todos", "created", Map.of("id", 1), null, false, null), connection -> connection == watcher);
        Map<?, ?> event = sent();
        assertThat(event.get("type")).isEqualTo("fleet-event");
        assertThat(event.get("path")).isEqualTo("todos");
        assertThat(event.get("event")).isEqualTo("created");

        feed.event(new ServiceEvent("todos", "removed", Map.of("id", 1), null, false, null), connection -> false);
        feed.forget(watcher);
        feed.event(new ServiceEvent("todos", "patched", Map.of("id", 1), null, false, null), connection -> true);
        assertThat((Object) channel.readOutbound()).as("nothing for an event it does not hear, nor once forgotten").isNull();
    }

    private Map<?, ?> sent() {
        TextWebSocketFrame frame = channel.readOutbound();
        assertThat(frame).as("an answer on the channel").isNotNull();
        try {
            return (Map<?, ?>) Json.read(frame.text());
        } finally {
            frame.release();
        }
    }
}
