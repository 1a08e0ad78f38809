package dev.skein.mesh.internal;

import dev.skein.core.Params;
import dev.skein.core.Service;
import dev.skein.core.errors.Forbidden;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.SkeinError;
import dev.skein.core.errors.TooManyRequests;
import dev.skein.core.errors.Unavailable;
import dev.skein.mesh.Access;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.spi.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calls other nodes send a node ({@link InboundCalls}), through the way in the node uses
 * ({@code serve}, {@code cancel}): the test plays the callers, and the local service ends each call
 * when the test says.
 */
@org.junit.jupiter.api.Timeout(10)
class InboundCallsTest {

    private static final long TTL_MILLIS = 5_000;

    /** A service whose creates run until the test ends them. */
    private static final class Held implements Service {
        final List<CompletableFuture<Object>> running = new ArrayList<>();
        final List<Params> params = new ArrayList<>();

        @Override
        public CompletionStage<Object> create(Object data, Params p) {
            CompletableFuture<Object> call = new CompletableFuture<>();
            params.add(p);
            running.add(call);
            return call;
        }
    }

    private final Held todos = new Held();
    private NodeParts node = server(Mesh.builder().maxServing(2));

    private NodeParts server(Mesh.Builder options) {
        NodeParts parts = new NodeParts("server-1", options.namespace("inbound"));
        parts.app.use("todos", todos);
        return parts;
    }

    @AfterEach
    void close() {
        node.close();
    }

    private static Packet request(String from, long id, String key) {
        Packet p = new Packet(Packet.Type.REQUEST, from);
        p.id = id;
        p.path = "todos";
        p.method = "create";
        p.data = Map.of("title", "milk");
        p.ttl = TTL_MILLIS;
        if (key != null) p.headers = Map.of(dev.skein.mesh.spi.CallKeys.IDEMPOTENCY_HEADER, key);
        return p;
    }

    private List<NodeParts.Sent> answers() {
        return node.transport.of(Packet.Type.RESPONSE);
    }

    /** The answer to request {@code id} of {@code caller}. */
    private Packet answerTo(String caller, long id) {
        List<Packet> found = answers().stream().filter(a -> a.to().equals(caller) && a.packet().id == id).map(NodeParts.Sent::packet).toList();
        assertThat(found).as("one answer to request " + id + " of " + caller).hasSize(1);
        return found.get(0);
    }

    private SkeinError errorOf(String caller, long id) {
        Packet answer = answerTo(caller, id);
        assertThat(answer.error).as("an error answer").isNotNull();
        return SkeinError.fromJson(answer.error);
    }

    @Test
    void aRequestRunsOnTheLocalServiceAndItsAnswerGoesBackToItsCaller() {
        node.inbound.serve(request("caller-1", 7, null));
        assertThat(todos.running).hasSize(1);
        assertThat(answers()).isEmpty();
        assertThat(node.inbound.inFlight()).isEqualTo(1);

        todos.running.get(0).complete(Map.of("id", 1));

        assertThat(answerTo("caller-1", 7).data).isEqualTo(Map.of("id", 1));
        assertThat(node.inbound.inFlight()).isZero();
        Params seen = todos.params.get(0);
        assertThat((Object) seen.get(Mesh.CALLER)).isEqualTo("caller-1");
        assertThat((Object) seen.get(Mesh.DEADLINE)).as("the time the caller gave it, on this node's clock")
                .isEqualTo(ManualClock.EPOCH.plusMillis(TTL_MILLIS));
    }

    @Test
    void pastMaxServingANewRequestIsRefusedWithTooManyRequestsAndDoesNotRun() {
        node.inbound.serve(request("caller-1", 1, null));
        node.inbound.serve(request("caller-1", 2, null));

        node.inbound.serve(request("caller-1", 3, null));

        assertThat(todos.running).hasSize(2);
        assertThat(errorOf("caller-1", 3)).isInstanceOf(TooManyRequests.class)
                .hasMessage("Node server-1 already runs 2 calls (Mesh.Builder.maxServing), 2 of them for node caller-1; todos.create did not run, "
                        + "try again later");
        assertThat(InboundCalls.notRun(answerTo("caller-1", 3).error)).as("not marked not-run: it goes to no other instance").isFalse();

        todos.running.get(0).complete("done");
        node.inbound.serve(request("caller-1", 4, null));
        assertThat(todos.running).hasSize(3);
    }

    @Test
    void atTheCapACallerUnderItsFairShareIsStillServedSoOneNodeCannotTakeEverySlot() {
        node.close();
        node = server(Mesh.builder().maxServing(4));
        for (long id = 1; id <= 4; id++) node.inbound.serve(request("flooder", id, null));
        node.inbound.serve(request("flooder", 5, null));
        assertThat(errorOf("flooder", 5)).isInstanceOf(TooManyRequests.class);

        node.inbound.serve(request("bystander", 6, null));
        node.inbound.serve(request("bystander", 7, null));
        assertThat(todos.running).as("the flooder's 4, and the bystander's share of the cap: 4 / 2 callers").hasSize(6);
        node.inbound.serve(request("bystander", 8, null));
        assertThat(errorOf("bystander", 8)).as("past its share").isInstanceOf(TooManyRequests.class)
                .hasMessageContaining("2 of them for node bystander");
        node.inbound.serve(request("flooder", 9, null));
        assertThat(errorOf("flooder", 9)).isInstanceOf(TooManyRequests.class);

        todos.running.forEach(call -> call.complete("done"));
        node.inbound.serve(request("flooder", 10, null));
        assertThat(todos.running).as("once the calls ended, the cap is the flooder's again").hasSize(7);
    }

    @Test
    void aRequestSentAgainWithItsKeyGetsTheFirstAnswerAndRunsOnce() {
        node.inbound.serve(request("caller-1", 1, "caller-1:1"));
        node.inbound.serve(request("caller-1", 2, "caller-1:1")); // its answer was lost: sent again while it runs

        assertThat(todos.running).hasSize(1);
        todos.running.get(0).complete("created once");
        assertThat(answerTo("caller-1", 1).data).isEqualTo("created once");
        assertThat(answerTo("caller-1", 2).data).isEqualTo("created once");

        node.inbound.serve(request("caller-1", 3, "caller-1:1")); // and again once it ran
        assertThat(answerTo("caller-1", 3).data).isEqualTo("created once");
        assertThat(todos.running).hasSize(1);
    }

    @Test
    void theSameKeyFromAnotherCallerIsAnotherCall() {
        node.inbound.serve(request("caller-1", 1, "same-key"));
        node.inbound.serve(request("caller-2", 1, "same-key"));

        assertThat(todos.running).hasSize(2);
    }

    @Test
    void aKeyedRequestRefusedBeforeItRanRunsWhenSentAgain() {
        node.inbound.serve(request("caller-1", 1, null));
        node.inbound.serve(request("caller-1", 2, null));
        node.inbound.serve(request("caller-1", 3, "caller-1:9")); // past the cap and its share: refused
        assertThat(errorOf("caller-1", 3)).isInstanceOf(TooManyRequests.class);

        todos.running.get(0).complete("done");
        node.inbound.serve(request("caller-1", 4, "caller-1:9"));

        assertThat(todos.running).as("it runs: the refusal was not remembered as its answer").hasSize(3);
    }

    @Test
    void aCallerTheAccessRulesDoNotAllowIsForbiddenAndNothingRuns() {
        node.close();
        node = server(Mesh.builder().access(Access.builder().call("todos", "create", "billing").build()));
        node.ctx.identities.record("caller-2", "transport", Set.of("billing"));

        node.inbound.serve(request("caller-1", 1, null));
        node.inbound.serve(request("caller-2", 2, null));

        assertThat(errorOf("caller-1", 1)).isInstanceOf(Forbidden.class)
                .hasMessage("Node caller-1 (no proven identity) may not call todos.create on node server-1");
        assertThat(todos.running).as("only the call of the allowed caller ran").hasSize(1);
        assertThat((Object) todos.params.get(0).get(Mesh.CALLER)).isEqualTo("caller-2");
    }

    @Test
    void aRequestForAPathThisNodeDoesNotServeIsRefusedAsNotRun() {
        Packet elsewhere = request("caller-1", 1, null);
        elsewhere.path = "users";

        node.inbound.serve(elsewhere);

        assertThat(errorOf("caller-1", 1)).isInstanceOf(NotFound.class).hasMessage("Node server-1 does not serve 'users'");
        assertThat(InboundCalls.notRun(answerTo("caller-1", 1).error)).as("another instance may take it").isTrue();
    }

    @Test
    void aLeavingNodeRefusesNewRequestsAsNotRunButAnswersOneItRanWithItsKey() {
        node.inbound.serve(request("caller-1", 1, "caller-1:1"));
        todos.running.get(0).complete("created");
        node.ctx.closing = true;

        node.inbound.serve(request("caller-1", 2, "caller-1:1"));
        node.inbound.serve(request("caller-1", 3, null));

        assertThat(answerTo("caller-1", 2).data).isEqualTo("created");
        assertThat(errorOf("caller-1", 3)).isInstanceOf(Unavailable.class).hasMessage("Node server-1 is leaving the mesh and takes no new calls");
        assertThat(InboundCalls.notRun(answerTo("caller-1", 3).error)).isTrue();
        assertThat(todos.running).hasSize(1);
    }

    @Test
    void aCancelledRequestStopsAndIsNotAnswered() {
        node.inbound.serve(request("caller-1", 1, null));

        node.inbound.cancel(request("caller-1", 1, null));

        assertThat(todos.running.get(0)).isCancelled();
        assertThat(answers()).isEmpty();
        assertThat(node.inbound.inFlight()).isZero();
    }

    @Test
    void anAnswerTheTransportCannotDeliverYetIsTriedAgainEveryFiftyMillisecondsWhileTheCallerWaits() {
        node.transport.unreachable.add("caller-1");
        node.inbound.serve(request("caller-1", 1, null));
        todos.running.get(0).complete("created");
        node.clock.advance(Duration.ofMillis(50));
        assertThat(answers()).isEmpty();

        node.transport.unreachable.clear();
        node.clock.advance(Duration.ofMillis(49));
        assertThat(answers()).isEmpty();
        node.clock.advance(Duration.ofMillis(1));
        assertThat(answerTo("caller-1", 1).data).isEqualTo("created");
    }

    @Test
    void anAnswerThatCannotBeDeliveredIsGivenUpOnceItsCallerStoppedWaiting() {
        node.transport.unreachable.add("caller-1");
        node.inbound.serve(request("caller-1", 1, null));
        todos.running.get(0).complete("created");

        node.clock.advance(Duration.ofMillis(TTL_MILLIS + 50));

        assertThat(node.clock.waiting()).as("no try left").isZero();
        node.transport.unreachable.clear();
        node.clock.advance(Duration.ofSeconds(1));
        assertThat(answers()).isEmpty();
    }
}
