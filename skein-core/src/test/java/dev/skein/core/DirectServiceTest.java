package dev.skein.core;

import dev.skein.core.internal.DirectService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.skein.core.Calls.result;
import static org.assertj.core.api.Assertions.assertThat;

class DirectServiceTest {

    private final App app = App.builder().name("direct-test").build();
    private final List<String> calls = new CopyOnWriteArrayList<>();

    /** Hands every call on in one method, as the mesh's proxy does; answers what it was given. */
    private final DirectService proxy = (method, id, data, params) -> {
        calls.add(method + " " + id + " " + data);
        return CompletableFuture.completedFuture(method);
    };

    @AfterEach
    void closeApp() {
        app.close();
    }

    private ServiceHandle register() {
        app.use("remote", proxy, ServiceOptions.builder().methods("find", "get", "create", "update", "patch", "remove", "approve").build());
        return app.service("remote");
    }

    @Test
    void everyMethodReachesTheOneCallByItsName() {
        ServiceHandle remote = register();

        result(remote.find());
        result(remote.get(1));
        result(remote.create(Map.of("t", "c")));
        result(remote.update(2, Map.of("t", "u")));
        result(remote.patch(3, Map.of("t", "p")));
        result(remote.remove(4));
        result(remote.invoke("approve", Map.of("t", "a")));

        assertThat(calls).containsExactly("find null null", "get 1 null", "create null {t=c}", "update 2 {t=u}", "patch 3 {t=p}",
                "remove 4 null", "approve null {t=a}");
    }

    @Test
    void withHooksIdAndDataStillReachItOnlyWhereTheMethodTakesThem() {
        ServiceHandle remote = register();
        remote.hooks().before(ctx -> ctx.id("hook").data(Map.of("by", "hook")));

        result(remote.find());
        result(remote.get(1));
        result(remote.create(Map.of("t", "c")));

        assertThat(calls).containsExactly("find null null", "get hook null", "create null {by=hook}");
    }

    @Test
    void itsTypedMethodsCalledDirectlyAreTheOneCall() {
        CompletionStage<Object> found = proxy.find(new Params());
        proxy.patch(7, "p", new Params());

        assertThat(result(found.toCompletableFuture())).isEqualTo("find");
        assertThat(calls).containsExactly("find null null", "patch 7 p");
    }
}
