package dev.skein.mesh.internal;

import dev.skein.mesh.Balancing;
import dev.skein.mesh.ServiceInfo;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which instances {@link Balancer} considers for a call, and which one each rule picks. */
class BalancerTest {

    private static ServiceInfo instance(String node, String version, String... methods) {
        return new ServiceInfo("shop/orders", node, List.of(methods), List.of(), version, Map.of());
    }

    private final ServiceInfo a = instance("node-a", "1.0.0", "get", "put");
    private final ServiceInfo b = instance("node-b", "1.2.0", "get");
    private final ServiceInfo c = instance("node-c", "2.0.0", "get", "put");
    private final List<ServiceInfo> all = List.of(a, b, c);

    private static List<String> nodes(List<ServiceInfo> instances) {
        return instances.stream().map(ServiceInfo::node).toList();
    }

    @Test
    void candidatesAreTheInstancesThatOfferTheMethod() {
        assertThat(nodes(Balancer.candidates(all, "put", null, Set.of(), false))).containsExactly("node-a", "node-c");
        assertThat(nodes(Balancer.candidates(all, "get", null, Set.of(), false))).containsExactly("node-a", "node-b", "node-c");
        assertThat(Balancer.candidates(all, "delete", null, Set.of(), false)).isEmpty();
    }

    @Test
    void withoutAMethodEveryInstanceIsACandidate() {
        assertThat(nodes(Balancer.candidates(all, null, null, Set.of(), false))).containsExactly("node-a", "node-b", "node-c");
    }

    @Test
    void candidatesSatisfyTheVersionRange() {
        assertThat(nodes(Balancer.candidates(all, "get", "^1.0.0", Set.of(), false))).containsExactly("node-a", "node-b");
        assertThat(nodes(Balancer.candidates(all, "get", ">=1.1.0", Set.of(), false))).containsExactly("node-b", "node-c");
        assertThat(Balancer.candidates(all, "get", "^3.0.0", Set.of(), false)).isEmpty();
    }

    @Test
    void aShortVersionIsCoercedAndAnUnreadableOneSatisfiesNoRange() {
        ServiceInfo shortVersion = instance("node-d", "1.5", "get");
        ServiceInfo unreadable = instance("node-e", "latest", "get");
        List<ServiceInfo> odd = List.of(shortVersion, unreadable);

        assertThat(nodes(Balancer.candidates(odd, "get", "^1.0.0", Set.of(), false))).containsExactly("node-d");
        assertThat(nodes(Balancer.candidates(odd, "get", null, Set.of(), false))).as("no range: versions do not matter")
                .containsExactly("node-d", "node-e");
    }

    @Test
    void excludedNodesAreNoCandidates() {
        assertThat(nodes(Balancer.candidates(all, "get", null, Set.of("node-b"), false))).containsExactly("node-a", "node-c");
        assertThat(Balancer.candidates(all, "get", null, Set.of("node-a", "node-b", "node-c"), false)).isEmpty();
    }

    @Test
    void highestOnlyKeepsTheHighestVersionThatSatisfiesTheRange() {
        ServiceInfo b2 = instance("node-b2", "1.2.0", "get");
        List<ServiceInfo> withTwin = List.of(a, b, c, b2);

        assertThat(nodes(Balancer.candidates(withTwin, "get", "^1.0.0", Set.of(), true))).containsExactly("node-b", "node-b2");
        assertThat(nodes(Balancer.candidates(withTwin, "get", "^1.0.0", Set.of("node-b", "node-b2"), true)))
                .as("excluded ones do not count for the highest").containsExactly("node-a");
    }

    @Test
    void highestOnlyDoesNothingWithoutARange() {
        assertThat(nodes(Balancer.candidates(all, "get", null, Set.of(), true))).containsExactly("node-a", "node-b", "node-c");
    }

    @Test
    void pickGivesNothingForNoCandidatesAndTheOnlyOneForOne() {
        for (Balancing rule : Balancing.values()) {
            Balancer balancer = new Balancer(rule);
            assertThat(balancer.pick("shop/orders", List.of())).as(rule.name()).isNull();
            assertThat(balancer.pick("shop/orders", List.of(b))).as(rule.name()).isSameAs(b);
        }
    }

    @Test
    void roundRobinTakesEachInstanceInTurn() {
        Balancer balancer = new Balancer(Balancing.ROUND_ROBIN);
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 7; i++) picked.add(balancer.pick("shop/orders", all).node());

        assertThat(picked).containsExactly("node-a", "node-b", "node-c", "node-a", "node-b", "node-c", "node-a");
    }

    @Test
    void roundRobinKeepsATurnPerPath() {
        Balancer balancer = new Balancer(Balancing.ROUND_ROBIN);
        assertThat(balancer.pick("shop/orders", all)).isSameAs(a);
        assertThat(balancer.pick("shop/orders", all)).isSameAs(b);

        assertThat(balancer.pick("shop/stock", all)).as("another path starts at its own first turn").isSameAs(a);
        assertThat(balancer.pick("shop/orders", all)).isSameAs(c);
        assertThat(balancer.pick("shop/stock", all)).isSameAs(b);
    }

    @Test
    void roundRobinWrapsWhenTheCandidatesShrink() {
        Balancer balancer = new Balancer(Balancing.ROUND_ROBIN);
        for (int i = 0; i < 5; i++) balancer.pick("shop/orders", all);

        assertThat(balancer.pick("shop/orders", List.of(a, b))).as("turn 5 of 2 instances").isSameAs(b);
    }

    @Test
    void randomAlwaysPicksOneOfTheCandidatesAndInTimeEachOfThem() {
        Balancer balancer = new Balancer(Balancing.RANDOM);
        Set<ServiceInfo> picked = new HashSet<>();
        for (int i = 0; i < 300; i++) {
            ServiceInfo s = balancer.pick("shop/orders", all);
            assertThat(all).contains(s);
            picked.add(s);
        }
        // the chance that 300 uniform picks miss one of three is about 3 * (2/3)^300, below 1e-52
        assertThat(picked).containsExactlyInAnyOrder(a, b, c);
    }

    @Test
    void fewestInFlightPicksTheInstanceWithTheFewestCallsStartedAndNotFinished() {
        Balancer balancer = new Balancer(Balancing.FEWEST_IN_FLIGHT);
        balancer.started("node-a");
        balancer.started("node-a");
        balancer.started("node-b");
        balancer.started("node-c");
        balancer.started("node-c");

        assertThat(balancer.inFlight("node-a")).isEqualTo(2);
        assertThat(balancer.pick("shop/orders", all)).isSameAs(b);

        balancer.finished("node-a");
        balancer.finished("node-a");
        assertThat(balancer.inFlight("node-a")).isZero();
        assertThat(balancer.pick("shop/orders", all)).isSameAs(a);
        assertThat(balancer.pick("shop/orders", all)).as("still the fewest").isSameAs(a);
    }

    @Test
    void fewestInFlightTakesTiedInstancesInTurn() {
        Balancer balancer = new Balancer(Balancing.FEWEST_IN_FLIGHT);
        List<String> picked = new ArrayList<>();
        for (int i = 0; i < 6; i++) picked.add(balancer.pick("shop/orders", all).node());

        assertThat(picked).containsExactly("node-a", "node-b", "node-c", "node-a", "node-b", "node-c");
    }

    @Test
    void finishingACallOfNoNodeOrOfAnUnknownNodeChangesNothing() {
        Balancer balancer = new Balancer(Balancing.FEWEST_IN_FLIGHT);
        balancer.started("node-a");

        balancer.finished(null);
        balancer.finished("node-x");

        assertThat(balancer.inFlight("node-a")).isEqualTo(1);
        assertThat(balancer.inFlight("node-x")).isZero();
    }

    @Test
    void aCallFinishedTwiceDoesNotMakeItsNodeLookIdlerThanIdle() {
        Balancer balancer = new Balancer(Balancing.FEWEST_IN_FLIGHT);
        balancer.started("node-a");

        balancer.finished("node-a");
        balancer.finished("node-a");

        assertThat(balancer.inFlight("node-a")).isZero();
    }
}
