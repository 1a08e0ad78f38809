package dev.skein.mesh.internal;

import dev.skein.mesh.Health;
import dev.skein.mesh.Mesh;
import dev.skein.mesh.NodeInfo;
import dev.skein.mesh.ServiceInfo;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The peers {@link Registry} knows, the instances it derives from them, and the nodes it remembers gone. */
class RegistryTest {

    private static final Duration HOUR = Duration.ofHours(1);
    private final Registry registry = new Registry();

    /** Peer {@code id}, added, offering {@code paths}. */
    private Registry.Peer peer(String id, String... paths) {
        Registry.Peer peer = registry.add(id);
        Map<String, ServiceInfo> services = new java.util.HashMap<>();
        for (String path : paths) services.put(path, new ServiceInfo(path, id, List.of("get"), List.of(), "1.0.0", Map.of()));
        peer.services = Map.copyOf(services);
        return peer;
    }

    private static NodeInfo gone(String id) {
        return new NodeInfo(id, id, "", false, List.of(), Health.UNKNOWN, Instant.now(), false, NodeInfo.SILENT);
    }

    private static List<String> nodes(List<ServiceInfo> instances) {
        return instances.stream().map(ServiceInfo::node).toList();
    }

    private static List<String> ids(List<NodeInfo> infos) {
        return infos.stream().map(NodeInfo::id).toList();
    }

    @Test
    void addMakesAPeerOnceAndRemoveForgetsIt() {
        Registry.Peer first = registry.add("node-a");

        assertThat(registry.add("node-a")).isSameAs(first);
        assertThat(registry.peer("node-a")).isSameAs(first);
        assertThat(registry.peers()).containsExactly(first);

        assertThat(registry.remove("node-a")).isSameAs(first);
        assertThat(registry.peer("node-a")).isNull();
        assertThat(registry.peers()).isEmpty();
        assertThat(registry.remove("node-a")).isNull();
    }

    @Test
    void rebuildMakesTheInstancesOfEachPathSortedByNode() {
        peer("node-c", "shop/orders");
        peer("node-a", "shop/orders", "shop/stock");
        peer("node-b", "shop/orders");

        assertThat(registry.instances("shop/orders")).as("nothing before a rebuild").isEmpty();
        registry.rebuild(List.of("shop/orders", "shop/stock"));

        assertThat(nodes(registry.instances("shop/orders"))).containsExactly("node-a", "node-b", "node-c");
        assertThat(nodes(registry.instances("shop/stock"))).containsExactly("node-a");
        assertThat(registry.instances("shop/none")).isEmpty();
        assertThat(registry.byPath()).containsOnlyKeys("shop/orders", "shop/stock");
    }

    @Test
    void instancesAreSortedByNodeWhateverOrderThePeersAreKeptIn() {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) ids.add("node-" + Integer.toString(i * 7919 % 1000, 36) + "-" + i);
        for (String id : ids) peer(id, "shop/orders");

        registry.rebuild(List.of("shop/orders"));

        assertThat(nodes(registry.instances("shop/orders"))).hasSize(40).isSorted();
    }

    @Test
    void rebuildRecomputesOnlyThePathsItIsGiven() {
        peer("node-a", "shop/orders", "shop/stock");
        registry.rebuild(List.of("shop/orders", "shop/stock"));
        peer("node-b", "shop/orders", "shop/stock");

        registry.rebuild(List.of("shop/orders"));

        assertThat(nodes(registry.instances("shop/orders"))).containsExactly("node-a", "node-b");
        assertThat(nodes(registry.instances("shop/stock"))).as("not rebuilt yet").containsExactly("node-a");
        registry.rebuild();
        assertThat(nodes(registry.instances("shop/stock"))).containsExactly("node-a", "node-b");
    }

    @Test
    void rebuildSkipsPeersThatAreLeaving() {
        peer("node-a", "shop/orders");
        peer("node-b", "shop/orders").leaving = true;
        peer("node-c", "shop/stock").leaving = true;

        registry.rebuild(List.of("shop/orders", "shop/stock"));

        assertThat(nodes(registry.instances("shop/orders"))).containsExactly("node-a");
        assertThat(registry.byPath()).as("a path offered only by leaving peers has no instances").doesNotContainKey("shop/stock");
    }

    @Test
    void aPathWhosePeersAreGoneLosesItsInstancesOnRebuild() {
        peer("node-a", "shop/orders");
        registry.rebuild();
        registry.remove("node-a");

        registry.rebuild();

        assertThat(registry.instances("shop/orders")).isEmpty();
        assertThat(registry.byPath()).isEmpty();
    }

    @Test
    void nextChangeCompletesOnTheNextRebuildAndNotBefore() {
        CompletableFuture<Void> change = registry.nextChange();
        assertThat(change).isNotDone();
        assertThat(registry.nextChange()).isSameAs(change);

        registry.rebuild(List.of());

        assertThat(change).isCompleted();
        assertThat(registry.nextChange()).as("a new wait for the change after").isNotDone();
    }

    @Test
    void offlineNodesAreListedMostRecentlyGoneFirst() {
        registry.wentOffline(gone("node-a"), HOUR);
        registry.wentOffline(gone("node-b"), HOUR);
        registry.wentOffline(gone("node-c"), HOUR);
        registry.wentOffline(gone("node-a"), HOUR);

        assertThat(ids(registry.offline(HOUR))).containsExactly("node-a", "node-c", "node-b");
    }

    @Test
    void aZeroRetentionKeepsNoOfflineNode() {
        registry.wentOffline(gone("node-a"), Duration.ZERO);

        assertThat(registry.offline(HOUR)).isEmpty();
    }

    @Test
    void anOfflineNodeOlderThanTheRetentionIsForgotten() {
        registry.wentOffline(gone("node-a"), HOUR);
        long after = System.nanoTime();
        while (System.nanoTime() - after < 2) Thread.onSpinWait(); // at least 2 ns gone since it went offline

        assertThat(registry.offline(Duration.ofNanos(1))).isEmpty();
        assertThat(registry.offline(HOUR)).as("forgotten, not only hidden").isEmpty();
    }

    @Test
    void aNodeHeardAgainIsNoLongerOffline() {
        registry.wentOffline(gone("node-a"), HOUR);
        registry.wentOffline(gone("node-b"), HOUR);

        registry.add("node-a");

        assertThat(ids(registry.offline(HOUR))).containsExactly("node-b");
    }

    @Test
    void atMostMaxOfflineNodesAreKeptTheOldestDroppedFirst() {
        for (int i = 0; i <= Mesh.MAX_OFFLINE_NODES; i++) registry.wentOffline(gone("node-" + i), HOUR);

        List<String> offline = ids(registry.offline(HOUR));
        assertThat(offline).hasSize(Mesh.MAX_OFFLINE_NODES);
        assertThat(offline.get(0)).isEqualTo("node-" + Mesh.MAX_OFFLINE_NODES);
        assertThat(offline.get(offline.size() - 1)).isEqualTo("node-1");
        assertThat(offline).doesNotContain("node-0");
    }

    @Test
    void aNodeThatLeftIsRememberedAsHavingLeft() {
        assertThat(registry.hasLeft("node-a")).isFalse();

        registry.left("node-a");

        assertThat(registry.hasLeft("node-a")).isTrue();
        assertThat(registry.hasLeft("node-b")).isFalse();
        registry.add("node-a");
        assertThat(registry.hasLeft("node-a")).as("adding does not undo a leave").isTrue();
    }

    @Test
    void onlyTheLatestMaxOfflineNodesThatLeftAreRemembered() {
        for (int i = 0; i <= Mesh.MAX_OFFLINE_NODES; i++) registry.left("node-" + i);

        assertThat(registry.hasLeft("node-0")).isFalse();
        assertThat(registry.hasLeft("node-1")).isTrue();
        assertThat(registry.hasLeft("node-" + Mesh.MAX_OFFLINE_NODES)).isTrue();
    }

    @Test
    void aPeerIsSilentSinceItWasLastHeardUnlessOneOfItsFramesIsBeingRead() {
        Registry.Peer peer = registry.add("node-a");
        peer.lastSeenNanos = 42;
        long now = 1_000_000_000_000L;

        assertThat(peer.silentSince(now)).isEqualTo(42);

        peer.readingStarts();
        assertThat(peer.silentSince(now)).as("while reading it counts as heard now").isEqualTo(now);
        peer.readingStarts();
        peer.readingEnds();
        assertThat(peer.silentSince(now)).as("one of two reads still under way").isEqualTo(now);

        long beforeEnd = System.nanoTime();
        peer.readingEnds();
        assertThat(peer.silentSince(now)).as("heard when the read ended").isEqualTo(peer.lastSeenNanos);
        assertThat(peer.lastSeenNanos - beforeEnd).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aPeerHeardAfterMoreThanAMillisecondIsSeenNow() {
        Registry.Peer peer = registry.add("node-a");
        long before = System.nanoTime();
        peer.lastSeenNanos = before - 5_000_000L;

        peer.heard();

        assertThat(peer.lastSeenNanos - before).isGreaterThanOrEqualTo(0);
    }

    @Test
    void aPeersInfoCarriesItsServicesAndIsOnline() {
        Registry.Peer peer = peer("node-a", "shop/orders");
        peer.name = "orders-1";
        peer.role = "orders";

        NodeInfo info = peer.info();

        assertThat(info.id()).isEqualTo("node-a");
        assertThat(info.name()).isEqualTo("orders-1");
        assertThat(info.role()).isEqualTo("orders");
        assertThat(info.online()).isTrue();
        assertThat(info.local()).isFalse();
        assertThat(info.services()).extracting(ServiceInfo::path).containsExactly("shop/orders");
    }
}
