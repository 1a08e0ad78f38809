package dev.skein.mesh;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AccessTest {

    private final Access rules = Access.builder().call("/payments/", "create", "orders").offer("payments", "billing").build();

    @Test
    void rulesHoldTheCanonicalPathOfWhatCodeWrote() {
        assertThat(rules.mayCall(Set.of("orders"), "payments", "create")).isTrue();
        assertThat(rules.mayCall(Set.of("web"), "payments", "create")).isFalse();
        assertThat(rules.mayOffer(Set.of("billing"), "payments")).isTrue();
        assertThat(rules.mayOffer(Set.of("web"), "payments")).isFalse();
        assertThat(rules.mayCall(Set.of("web"), "notes", "create")).as("a path no rule names stays open").isTrue();
    }

    @Test
    void aPathThatIsNotCanonicalIsNeverAllowedWhateverTheRules() {
        for (String path : List.of("payments/", "/payments", " payments", "payments//", "a//b", "./payments", "notes/", "", "pay\u0000ments")) {
            assertThat(rules.mayCall(Set.of("orders", "billing"), path, "create")).as("call '%s'", path).isFalse();
            assertThat(rules.mayOffer(Set.of("orders", "billing"), path)).as("offer '%s'", path).isFalse();
        }
        assertThat(rules.mayCall(Set.of("orders"), null, "create")).isFalse();
    }

    @Test
    void aServiceInfoHoldsOnlyACanonicalPath() {
        assertThatThrownBy(() -> new ServiceInfo("payments/", "web-1", List.of(), List.of(), "1.0.0", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'payments/'").hasMessageContaining("not canonical");
        assertThatThrownBy(() -> ServiceInfo.fromWire(java.util.Map.of("methods", List.of()), "web-1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing");
        assertThat(new ServiceInfo("api/v1/payments", "billing-1", List.of(), List.of(), "1.0.0", null).path()).isEqualTo("api/v1/payments");
    }
}
