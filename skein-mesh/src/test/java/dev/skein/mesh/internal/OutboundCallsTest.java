package dev.skein.mesh.internal;

import dev.skein.core.Params;
import dev.skein.core.errors.NotFound;
import dev.skein.core.errors.Timeout;
import dev.skein.core.errors.TooManyRequests;
import dev.skein.core.errors.Unavailable;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.spi.Packet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The calls a node sends and waits for ({@link OutboundCalls}), alone: the test plays the nodes that
 * serve them, by the packets it hands back, and moves time by hand.
 */
@org.junit.jupiter.api.Timeout(10)
class OutboundCallsTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final NodeParts node = new NodeParts("caller-1", Mesh.builder().namespace("outbound").timeout(TIMEOUT).maxPendingCalls(3));
    private final OutboundCalls calls = node.outbound;

    @AfterEach
    void close() {
        node.close();
    }

    private CompletableFuture<Object> call(String method) {
        return calls.route("todos", method, "1", Map.of("title", "milk"), new Params());
    }

    /** The last request sent. */
    private NodeParts.Sent lastRequest() {
        return node.transport.last(Packet.Type.REQUEST);
    }

    private void answer(NodeParts.Sent request, Object data) {
        Packet r = new Packet(Packet.Type.RESPONSE, request.to());
        r.id = request.packet().id;
        r.data = data;
        calls.onResponse(r);
    }

    private void answerWithError(NodeParts.Sent request, Map<String, Object> error) {
        Packet r = new Packet(Packet.Type.RESPONSE, request.to());
        r.id = request.packet().id;
        r.error = error;
        calls.onResponse(r);
    }

    /** Nodes server-1 and server-2 offer {@code method} of todos; a call of it went to one of them. */
    private CompletableFuture<Object> callOneOfTwo(String method) {
        node.peerOffers("server-1", "todos", method);
        node.peerOffers("server-2", "todos", method);
        return call(method);
    }

    /** {@code call}, first sent as {@code first}, was sent again to the other instance, which answers it. */
    private void assertAnsweredByTheOtherInstance(CompletableFuture<Object> call, NodeParts.Sent first) {
        NodeParts.Sent again = lastRequest();
        assertThat(again.to()).isNotEqualTo(first.to());
        assertThat(again.packet().headers).as("the same idempotency key").isEqualTo(first.packet().headers);
        answer(again, "answered");
        assertThat(call).isCompletedWithValue("answered");
    }

    private static Throwable failure(CompletableFuture<?> call) {
        assertThat(call).isDone();
        Throwable e = call.handle((v, f) -> f).join();
        return e instanceof CompletionException ? e.getCause() : e;
    }

    @Test
    void aCallTimesOutAtItsDeadlineAndItsNodeIsToldToStop() {
        node.peerOffers("server-1", "todos", "get");
        CompletableFuture<Object> call = call("get");
        NodeParts.Sent request = lastRequest();
        assertThat(request.to()).isEqualTo("server-1");
        assertThat(request.packet().ttl).as("the time it has, for the server").isEqualTo(TIMEOUT.toMillis());

        node.clock.advance(TIMEOUT.minusNanos(1));
        assertThat(call).isNotDone();
        node.clock.advance(Duration.ofNanos(1));

        assertThat(failure(call)).isInstanceOf(Timeout.class).hasMessage("Call todos.get timed out after 30000 ms waiting for node server-1");
        NodeParts.Sent cancel = node.transport.last(Packet.Type.CANCEL);
        assertThat(cancel.to()).isEqualTo("server-1");
        assertThat(cancel.packet().id).isEqualTo(request.packet().id);
        assertThat(calls.waiting()).isZero();
    }

    @Test
    void aCallsOwnTimeoutParamShortensItsWait() {
        node.peerOffers("server-1", "todos", "get");
        CompletableFuture<Object> call = calls.route("todos", "get", "1", null, new Params().set(Mesh.TIMEOUT, Duration.ofMillis(250)));

        node.clock.advance(Duration.ofMillis(249));
        assertThat(call).isNotDone();
        node.clock.advance(Duration.ofMillis(1));
        assertThat(failure(call)).isInstanceOf(Timeout.class);
    }

    @Test
    void aCallMadeWhileServingOneHasAtMostTheTimeThatCallHasLeft() {
        node.peerOffers("server-1", "todos", "get");
        Params serving = new Params().set(Mesh.DEADLINE, node.clock.now().plusMillis(400));

        CompletableFuture<Object> call = calls.route("todos", "get", "1", null, serving);
        assertThat(lastRequest().packet().ttl).isEqualTo(400);
        node.clock.advance(Duration.ofMillis(400));
        assertThat(failure(call)).isInstanceOf(Timeout.class);

        int sent = node.transport.of(Packet.Type.REQUEST).size();
        CompletableFuture<Object> late = calls.route("todos", "get", "1", null, serving);
        assertThat(failure(late)).isInstanceOf(Timeout.class).hasMessageContaining("not sent: the call it serves reached its deadline");
        assertThat(node.transport.of(Packet.Type.REQUEST)).as("nothing sent").hasSize(sent);
    }

    @Test
    void pastMaxPendingCallsANewCallIsRefusedWithTooManyRequestsUntilOneIsAnswered() {
        node.peerOffers("server-1", "todos", "get");
        for (int i = 0; i < 3; i++) call("get");
        NodeParts.Sent third = lastRequest();

        CompletableFuture<Object> fourth = call("get");
        assertThat(failure(fourth)).isInstanceOf(TooManyRequests.class)
                .hasMessage("Node caller-1 already waits for 3 calls (Mesh.Builder.maxPendingCalls); todos.get was not sent");
        assertThat(node.transport.of(Packet.Type.REQUEST)).hasSize(3);

        answer(third, "done");
        assertThat(call("get")).isNotDone();
        assertThat(node.transport.of(Packet.Type.REQUEST)).hasSize(4);
    }

    @Test
    void eachAnswerCompletesTheCallItAnswersWhateverOrderTheyComeIn() {
        node.peerOffers("server-1", "todos", "get");
        CompletableFuture<Object> first = call("get");
        NodeParts.Sent firstRequest = lastRequest();
        CompletableFuture<Object> second = call("get");
        NodeParts.Sent secondRequest = lastRequest();
        assertThat(firstRequest.packet().id).isNotEqualTo(secondRequest.packet().id);

        answer(secondRequest, "second");
        answer(firstRequest, "first");

        assertThat(first).isCompletedWithValue("first");
        assertThat(second).isCompletedWithValue("second");
        answer(firstRequest, "again");
        assertThat(first).as("an answer to a call answered already is dropped").isCompletedWithValue("first");
    }

    @Test
    void anAnswerFromANodeTheCallWasNotSentToIsIgnored() {
        node.peerOffers("server-1", "todos", "get");
        CompletableFuture<Object> call = call("get");
        NodeParts.Sent request = lastRequest();

        answer(new NodeParts.Sent("intruder-1", request.packet()), "forged");
        assertThat(call).isNotDone();
        answer(request, "real");
        assertThat(call).isCompletedWithValue("real");
    }

    @Test
    void anErrorAnswerFailsTheCallWithThatError() {
        node.peerOffers("server-1", "todos", "get");
        CompletableFuture<Object> call = call("get");

        answerWithError(lastRequest(), new NotFound("No todo 1").toJson());
        assertThat(failure(call)).isInstanceOf(NotFound.class).hasMessage("No todo 1");
    }

    @Test
    void aCallRefusedBeforeItRanGoesToAnotherInstance() {
        CompletableFuture<Object> call = callOneOfTwo("create");
        NodeParts.Sent refused = lastRequest();

        answerWithError(refused, new Unavailable("leaving", Map.of("notRun", true)).toJson());

        assertAnsweredByTheOtherInstance(call, refused);
    }

    @Test
    void aNodeLostWhileACreateWasInFlightFailsItWithItsIdempotencyKeyForItMayHaveRun() {
        CompletableFuture<Object> call = callOneOfTwo("create");
        NodeParts.Sent request = lastRequest();
        String key = (String) request.packet().headers.get(dev.skein.mesh.spi.CallKeys.IDEMPOTENCY_HEADER);
        assertThat(key).startsWith("caller-1:");

        calls.nodeLost(request.to());

        assertThat(failure(call)).isInstanceOf(Unavailable.class)
                .hasMessageContaining("went away while create was in flight; it may or may not have run");
        assertThat(((Unavailable) failure(call)).data()).isEqualTo(Map.of("idempotencyKey", key));
        assertThat(node.transport.of(Packet.Type.REQUEST)).as("not sent again").hasSize(1);
    }

    @Test
    void aNodeLostWhileAGetWasInFlightSendsItToAnotherInstance() {
        CompletableFuture<Object> call = callOneOfTwo("get");
        NodeParts.Sent first = lastRequest();

        calls.nodeLost(first.to());

        assertAnsweredByTheOtherInstance(call, first);
    }

    @Test
    void aNodeThatLeftHavingAnsweredAllItRanHasItsWaitingCallsSentElsewhereWhateverTheirMethod() {
        CompletableFuture<Object> call = callOneOfTwo("create");
        NodeParts.Sent first = lastRequest();

        calls.neverRan(first.to());

        assertAnsweredByTheOtherInstance(call, first);
    }

    @Test
    void aCallWithNoInstanceWaitsForOneUpToItsTimeout() {
        CompletableFuture<Object> waits = call("get");
        assertThat(node.transport.of(Packet.Type.REQUEST)).isEmpty();

        node.clock.advance(Duration.ofSeconds(1));
        node.peerOffers("server-1", "todos", "get");
        assertThat(lastRequest().packet().ttl).as("what is left of its timeout").isEqualTo(TIMEOUT.minusSeconds(1).toMillis());
        answer(lastRequest(), "found");
        assertThat(waits).isCompletedWithValue("found");

        CompletableFuture<Object> none = calls.route("elsewhere", "get", "1", null, new Params());
        node.clock.advance(TIMEOUT);
        assertThat(failure(none)).isInstanceOf(Unavailable.class)
                .hasMessageStartingWith("No instance of service 'elsewhere' is available; waited for one until the call's timeout (30000 ms)")
                .hasMessageContaining("this node has heard no node of namespace 'outbound' that offers it")
                .hasMessageNotContaining("offered by node").hasMessageNotContaining("refused").hasMessageNotContaining("other namespaces");
    }

    /** A client of a gateway is told no instance answered, not the mesh's nodes, namespaces or strangers. */
    @Test
    void aCallFromOutsideTheMeshIsNotToldTheMeshsNodesOrNamespaces() {
        node.peerOffers("payments-1", "payments", "get");
        node.membership.left("payments-1", true);
        node.ctx.strangers.otherNamespace("staging");

        CompletableFuture<Object> none = calls.route("payments", "get", "1", null, new Params().provider("rest"));
        node.clock.advance(TIMEOUT);

        assertThat(failure(none)).isInstanceOf(Unavailable.class)
                .hasMessage("No instance of service 'payments' is available; waited for one until the call's timeout (30000 ms)");
    }

    @Test
    void aCallToAServiceWhoseNodesWentOfflineSaysWhichNodeOfferedItAndWhyItWent() {
        node.peerOffers("payments-1", "payments", "get");
        node.membership.left("payments-1", true);

        CompletableFuture<Object> none = calls.route("payments", "get", "1", null, new Params());
        node.clock.advance(TIMEOUT);

        assertThat(failure(none)).isInstanceOf(Unavailable.class)
                .hasMessageStartingWith("No instance of service 'payments' is available")
                .hasMessageContaining("it was offered by node payments-1, offline since it left the mesh, last heard at ")
                .hasMessageNotContaining("heard no node");
    }

    @Test
    void aCallThatFindsNoInstanceNamesTheNodesRefusedForTheirCredentialsAndTheOtherNamespacesHeardLately() {
        node.ctx.strangers.refused("billing-1", "node billing-1 failed the mesh credentials challenge");
        node.ctx.strangers.otherNamespace("staging");

        CompletableFuture<Object> none = calls.route("payments", "get", "1", null, new Params());
        node.clock.advance(TIMEOUT);
        assertThat(failure(none)).isInstanceOf(Unavailable.class)
                .hasMessageContaining("this node has heard no node of namespace 'outbound' that offers it")
                .hasMessageContaining("this node refused nodes for their mesh credentials in the last 10 min "
                        + "(node billing-1 failed the mesh credentials challenge): every node needs the same mesh secret")
                .hasMessageContaining("this node heard nodes of other namespaces in the last 10 min ('staging'), not of its own 'outbound'");

        node.clock.advance(Strangers.REMEMBERED);
        CompletableFuture<Object> later = calls.route("payments", "get", "1", null, new Params());
        node.clock.advance(TIMEOUT);
        assertThat(failure(later)).as("what was heard more than %s ago is forgotten", Strangers.REMEMBERED)
                .hasMessageNotContaining("refused").hasMessageNotContaining("other namespaces");
    }

    @Test
    void aCallTheTransportCannotSendYetGoesAgainTwentyMillisecondsLater() {
        node.peerOffers("server-1", "todos", "get");
        node.transport.unreachable.add("server-1");
        CompletableFuture<Object> call = call("get");
        assertThat(node.transport.of(Packet.Type.REQUEST)).isEmpty();

        node.transport.unreachable.clear();
        node.clock.advance(Duration.ofMillis(19));
        assertThat(node.transport.of(Packet.Type.REQUEST)).isEmpty();
        node.clock.advance(Duration.ofMillis(1));
        answer(lastRequest(), "todo 1");
        assertThat(call).isCompletedWithValue("todo 1");
    }

    @Test
    void aCancelledCallIsNoLongerWaitedForAndItsNodeIsToldToStop() {
        node.peerOffers("server-1", "todos", "get");
        CompletableFuture<Object> call = call("get");
        NodeParts.Sent request = lastRequest();

        call.cancel(false);

        assertThat(calls.waiting()).isZero();
        assertThat(node.transport.last(Packet.Type.CANCEL).packet().id).isEqualTo(request.packet().id);
        node.clock.advance(TIMEOUT);
        assertThat(node.transport.of(Packet.Type.CANCEL)).as("no second cancel at the deadline").hasSize(1);
    }

    @Test
    void whenThisNodeLeavesEveryCallItWaitsForFails() {
        node.peerOffers("server-1", "todos", "get");
        CompletableFuture<Object> call = call("get");

        calls.failAll();

        assertThat(failure(call)).isInstanceOf(Unavailable.class).hasMessage("Node caller-1 left the mesh before todos.get was answered");
        assertThat(calls.waiting()).isZero();
    }
}
