package dev.skein.core;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ParamsTest {

    private static Params full() {
        return Params.query(Map.of("done", false, "$limit", 10))
                .provider(Params.REST)
                .header("Authorization", "Bearer abc")
                .user(Map.of("id", 7, "email", "ann@example.com"))
                .authentication(Map.of("strategy", "jwt", "accessToken", "abc"))
                .set("tenant", "acme");
    }

    @Test
    void paramsHoldQueryProviderHeadersUserAuthenticationAndFreeEntries() {
        Params params = full();

        assertThat(params.query()).containsExactlyInAnyOrderEntriesOf(Map.of("done", false, "$limit", 10));
        assertThat(params.provider()).isEqualTo("rest");
        assertThat(params.headers()).containsExactly(Map.entry("authorization", "Bearer abc"));
        assertThat(params.user()).containsEntry("id", 7);
        assertThat(params.authentication()).containsEntry("strategy", "jwt");
        assertThat((String) params.get("tenant")).isEqualTo("acme");
        assertThat((Object) params.get("missing")).isNull();
    }

    @Test
    void emptyParamsHaveAnEmptyQueryAndHeadersAndNoUser() {
        Params params = Params.of();

        assertThat(params.query()).isEmpty();
        assertThat(params.headers()).isEmpty();
        assertThat(params.provider()).isNull();
        assertThat(params.user()).isNull();
        assertThat(params.authentication()).isNull();
    }

    @Test
    void theQueryIsCopiedAndCanBeChangedInPlace() {
        Map<String, Object> source = new LinkedHashMap<>(Map.of("a", 1));
        Params params = Params.query(source);
        source.put("b", 2);

        params.query().put("c", 3);

        assertThat(params.query()).containsOnlyKeys("a", "c");
        assertThat(source).containsOnlyKeys("a", "b");
    }

    @Test
    void headerNamesAreLowerCase() {
        Params params = new Params().header("X-Request-ID", "r1").header("CONTENT-type", "json");

        assertThat(params.headers()).containsOnlyKeys("x-request-id", "content-type");
    }

    @Test
    void nullRemovesAnEntryOrAHeaderAsAppSetDoes() {
        Params params = new Params().set("k", 1).header("X-Trace", "a");

        params.set("k", null).header("x-trace", null);

        assertThat((Object) params.get("k")).isNull();
        assertThat(params.headers()).isEmpty();
    }

    @Test
    void copyIsIndependentOfTheOriginal() {
        Params original = full();
        Params copy = original.copy();

        copy.query().put("extra", true);
        copy.header("x-new", "1");
        copy.user().put("role", "admin");
        copy.authentication().put("strategy", "local");
        copy.set("tenant", "other").provider(Params.MESH);

        assertThat(original.query()).doesNotContainKey("extra");
        assertThat(original.headers()).doesNotContainKey("x-new");
        assertThat(original.user()).doesNotContainKey("role");
        assertThat(original.authentication()).containsEntry("strategy", "jwt");
        assertThat((String) original.get("tenant")).isEqualTo("acme");
        assertThat(original.provider()).isEqualTo(Params.REST);

        assertThat(copy.query()).containsEntry("done", false).containsEntry("extra", true);
        assertThat((String) copy.get("tenant")).isEqualTo("other");
    }

    @Test
    void toWireHoldsOnlyQueryHeadersUserAndAuthentication() {
        Map<String, Object> wire = full().toWire();

        assertThat(wire).containsOnlyKeys("query", "headers", "user", "authentication");
        assertThat(Params.WIRE_FIELDS).containsExactlyInAnyOrder("query", "headers", "user", "authentication");
        assertThat(wire.toString()).doesNotContain("acme").doesNotContain("tenant").doesNotContain(Params.REST);
        assertThat((Map<Object, Object>) (Map<?, ?>) wire.get("query")).containsEntry("done", false);
        assertThat((Map<Object, Object>) (Map<?, ?>) wire.get("headers")).containsEntry("authorization", "Bearer abc");
    }

    @Test
    void toWireLeavesOutFieldsThatAreNotSet() {
        assertThat(new Params().provider(Params.REST).set("secret", "s").toWire()).isEmpty();
        assertThat(Params.query(Map.of("a", 1)).toWire()).containsOnlyKeys("query");
    }

    @Test
    void fromWireRebuildsTheParamsWithTheGivenProvider() {
        Params rebuilt = Params.fromWire(full().toWire(), Params.MESH);

        assertThat(rebuilt.provider()).isEqualTo(Params.MESH);
        assertThat(rebuilt.query()).containsExactlyInAnyOrderEntriesOf(Map.of("done", false, "$limit", 10));
        assertThat(rebuilt.headers()).containsEntry("authorization", "Bearer abc");
        assertThat(rebuilt.user()).containsEntry("email", "ann@example.com");
        assertThat(rebuilt.authentication()).containsEntry("accessToken", "abc");
        assertThat((Object) rebuilt.get("tenant")).isNull();
    }

    @Test
    void fromWireIgnoresEveryOtherField() {
        Map<String, Object> wire = new LinkedHashMap<>();
        wire.put("query", Map.of("a", 1));
        wire.put("provider", "rest");
        wire.put("tenant", "acme");
        wire.put("entries", Map.of("admin", true));
        wire.put("user", "not an object");

        Params rebuilt = Params.fromWire(wire, Params.MESH);

        assertThat(rebuilt.provider()).isEqualTo(Params.MESH);
        assertThat(rebuilt.query()).containsOnlyKeys("a");
        assertThat((Object) rebuilt.get("tenant")).isNull();
        assertThat((Object) rebuilt.get("admin")).isNull();
        assertThat(rebuilt.user()).isNull();
        assertThat(rebuilt.toWire()).containsOnlyKeys("query");
    }

    @Test
    void fromWireOfNothingGivesEmptyParamsWithTheProvider() {
        Params rebuilt = Params.fromWire(null, "websocket");

        assertThat(rebuilt.provider()).isEqualTo(Params.WEBSOCKET);
        assertThat(rebuilt.query()).isEmpty();
        assertThat(rebuilt.toWire()).isEmpty();
    }

    @Test
    void wireHeadersBecomeLowerCaseStrings() {
        Params rebuilt = Params.fromWire(Map.of("headers", Map.of("X-Count", 3)), Params.MESH);

        assertThat(rebuilt.headers()).containsExactly(Map.entry("x-count", "3"));
        assertThat(List.copyOf(rebuilt.headers().values())).containsExactly("3");
    }
}
