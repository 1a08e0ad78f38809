package dev.skein.gateway;

import dev.skein.core.App;
import dev.skein.core.Params;
import dev.skein.core.Service;
import dev.skein.core.ServiceOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** happner's $broker: an internal service brokered to outside clients, its listed methods only, under a version range. */
@Timeout(60)
class BrokeredServicesTest {

    private Cluster cluster;

    @BeforeEach
    void start() {
        cluster = new Cluster("tcp://?beacon=200");
    }

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** An orders service that says its version, and has a method outside clients must not reach. */
    private static Service orders(String version) {
        return new Service() {
            @Override
            public CompletionStage<Object> find(Params params) {
                return CompletableFuture.completedFuture(List.of(Map.of("version", version)));
            }

            @Override
            public CompletionStage<Object> get(Object id, Params params) {
                return CompletableFuture.completedFuture(Map.of("id", id, "version", version));
            }

            @Override
            public CompletionStage<Object> remove(Object id, Params params) {
                return CompletableFuture.completedFuture(Map.of("removed", id, "version", version));
            }
        };
    }

    @Test
    void onlyTheListedMethodsOfInstancesInTheRangeAreReachableFromOutside() {
        cluster.node("orders-1", app -> app.use("orders", orders("1.5.0"), ServiceOptions.builder().version("1.5.0").build()));
        cluster.node("orders-2a", app -> app.use("orders", orders("2.1.0"), ServiceOptions.builder().version("2.1.0").build()));
        cluster.node("orders-2b", app -> app.use("orders", orders("2.3.0"), ServiceOptions.builder().version("2.3.0").build()));
        App edge = cluster.node("edge", app -> { });
        await().until(() -> edge.plugin(dev.skein.mesh.Mesh.class).orElseThrow().services().stream().filter(s -> s.path().equals("orders")).count() == 3);
        Http http = new Http(Cluster.gateway(edge, Gateway.builder().expose(path -> false).broker("shop/orders", "orders", "^2", "find", "get")));

        Set<Object> versions = new HashSet<>();
        for (int i = 0; i < 6; i++) {
            Http.Response found = http.get("/shop/orders");
            assertThat(found.status()).as(found.toString()).isEqualTo(200);
            versions.add(found.list().get(0).get("version"));
        }
        assertThat(versions).as("every instance in the range takes turns; 1.5.0 never serves").containsExactlyInAnyOrder("2.1.0", "2.3.0");
        assertThat(http.get("/shop/orders/7").object()).containsEntry("id", "7");

        Http.Response removed = http.delete("/shop/orders/7");
        assertThat(removed.status()).isEqualTo(405);
        assertThat(removed.object()).containsEntry("name", "MethodNotAllowed");
        assertThat((String) removed.object().get("message")).contains("'remove' is not brokered at 'shop/orders'").contains("[find, get]");
        assertThat(http.get("/orders").status()).as("the internal path itself is not exposed").isEqualTo(404);
    }

    @Test
    void twoServicesBrokeredAtOnePublicPathFailAtBuildNamingBoth() {
        assertThatThrownBy(() -> Gateway.builder().broker("shop/orders", "orders", "^2", "find").broker("shop/orders", "legacy-orders", null, "find").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'orders'").hasMessageContaining("'legacy-orders'");
    }
}
