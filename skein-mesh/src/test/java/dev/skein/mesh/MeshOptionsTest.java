package dev.skein.mesh;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The options records check what the builder checks: building them by hand cannot bypass it. */
class MeshOptionsTest {

    private final MeshOptions valid = Mesh.builder().build().options();

    @Test
    void theBuilderAndTheRecordsRefuseTheSameSettings() {
        assertThatThrownBy(() -> Mesh.builder().heartbeat(Duration.ofSeconds(1), Duration.ofMillis(1500)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two heartbeat intervals");
        MeshOptions.Membership m = valid.membership();
        assertThatThrownBy(() -> new MeshOptions.Membership(Duration.ofSeconds(1), Duration.ofMillis(1500), m.dependencies(),
                m.discoveryTimeout(), m.drainTimeout(), m.waitForTransport(), m.offlineRetention(), m.role(), m.scanErrorThreshold()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("two heartbeat intervals");
    }

    @Test
    void aMeshOptionsRecordRefusesABlankNamespaceAnUnknownCodecAndATinyFrame() {
        assertThatThrownBy(() -> withNamespace(" ")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace");
        assertThatThrownBy(() -> new MeshOptions(valid.namespace(), valid.transport(), null, "xml", valid.maxFrameSize(), valid.calls(),
                valid.membership(), valid.services(), valid.security(), valid.telemetry(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xml");
        assertThatThrownBy(() -> new MeshOptions(valid.namespace(), valid.transport(), null, valid.codec(), 100, valid.calls(),
                valid.membership(), valid.services(), valid.security(), valid.telemetry(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxFrameSize");
        assertThatThrownBy(() -> new MeshOptions(valid.namespace(), null, null, valid.codec(), valid.maxFrameSize(), valid.calls(),
                valid.membership(), valid.services(), valid.security(), valid.telemetry(), null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("transport");
    }

    @Test
    void aSchemeOfAModuleNotOnTheClassPathNamesTheModuleAndAnyOtherSchemeTheClosestKnownOne() {
        // skein-mesh's tests have no skein-nats on their class path
        assertThatThrownBy(() -> Mesh.builder().transport("nats://127.0.0.1:4222").build())
                .hasMessageEndingWith("; add the module that provides it: skein-nats");
        assertThatThrownBy(() -> Mesh.builder().transport("tpc://").build()).hasMessageEndingWith("; did you mean tcp://?");
        assertThatThrownBy(() -> Mesh.builder().transport("foo://x").build()).hasMessageEndingWith(")").hasMessageNotContaining("skein-nats");
    }

    @Test
    void aBadTransportUriFailsWhenTheMeshIsBuiltNotWhenItJoins() {
        assertThatThrownBy(() -> Mesh.builder().transport("foo://x").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("No transport serves 'foo://'");
        assertThatThrownBy(() -> Mesh.builder().transport("tcp://?multicast=false&seeds=nohostport").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host:port");
        assertThatThrownBy(() -> Mesh.builder().transport("tcp://?bogus=1").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bogus");
        assertThat(Mesh.builder().transport("tcp://?multicast=false&seeds=127.0.0.1:7000").build().options().transport())
                .isEqualTo("tcp://?multicast=false&seeds=127.0.0.1:7000");
    }

    @Test
    void callSettingsRefuseAZeroTimeoutAndLimitsUnderOne() {
        MeshOptions.Calls c = valid.calls();
        assertThatThrownBy(() -> new MeshOptions.Calls(Duration.ZERO, c.balancing(), c.versions(), c.maxServing(), c.maxQueuedEvents(),
                c.maxPendingCalls(), false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> new MeshOptions.Calls(c.timeout(), c.balancing(), c.versions(), 0, c.maxQueuedEvents(),
                c.maxPendingCalls(), false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxServing");
        assertThatThrownBy(() -> new MeshOptions.Calls(c.timeout(), c.balancing(), c.versions(), c.maxServing(), c.maxQueuedEvents(),
                -1, false)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPendingCalls");
    }

    @Test
    void membershipRefusesADependencyOfNoInstanceAndANegativeThreshold() {
        MeshOptions.Membership m = valid.membership();
        assertThatThrownBy(() -> new MeshOptions.Membership(m.heartbeatInterval(), m.deadAfter(), Map.of("historian", 0),
                m.discoveryTimeout(), m.drainTimeout(), m.waitForTransport(), m.offlineRetention(), m.role(), 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("historian");
        assertThatThrownBy(() -> new MeshOptions.Membership(m.heartbeatInterval(), m.deadAfter(), m.dependencies(),
                m.discoveryTimeout(), m.drainTimeout(), m.waitForTransport(), m.offlineRetention(), m.role(), -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scanErrorThreshold");
    }

    @Test
    void theRecordsKeepNoReferenceToTheCallersMaps() {
        java.util.HashMap<String, Integer> dependencies = new java.util.HashMap<>(Map.of("historian", 2));
        MeshOptions.Membership m = valid.membership();
        MeshOptions.Membership copy = new MeshOptions.Membership(m.heartbeatInterval(), m.deadAfter(), dependencies,
                m.discoveryTimeout(), m.drainTimeout(), m.waitForTransport(), m.offlineRetention(), null, 0);
        dependencies.put("other", 1);
        assertThat(copy.dependencies()).containsOnlyKeys("historian");
        assertThat(copy.role()).isEmpty();
    }

    @Test
    void theBuildersLastCallOfNamespaceOrDeploymentWinsWhileBothGivenAsSettingsAreRefusedNamingBoth() {
        assertThat(Mesh.builder().transport("local://").namespace("first").deployment("acme", "blue").build().options().namespace()).isEqualTo("acme.blue");
        assertThat(Mesh.builder().transport("local://").deployment("acme", "blue").namespace("last").build().options().namespace()).isEqualTo("last");
        assertThatThrownBy(() -> Mesh.builder().transport("local://").set(MeshSettings.NAMESPACE, "one").set(MeshSettings.DEPLOYMENT, "acme").build())
                .isInstanceOf(dev.skein.core.settings.SettingException.class).hasMessageContaining("namespace and deployment are both given")
                .satisfies(e -> assertThat(((dev.skein.core.settings.SettingException) e).settings())
                        .containsExactly(MeshSettings.NAMESPACE, MeshSettings.DEPLOYMENT));
    }

    @Test
    void everySettingIsCheckedWhenGivenAndItsDefaultIsWhatTheOptionsHold() {
        assertThatThrownBy(() -> Mesh.builder().set(MeshSettings.MAX_SERVING, 0)).hasMessage("maxServing must be at least 1, got 0");
        assertThatThrownBy(() -> Mesh.builder().set(MeshSettings.TIMEOUT, Duration.ZERO)).hasMessage("timeout must be positive, got PT0S");
        MeshOptions defaults = Mesh.builder().transport("local://").build().options();
        for (dev.skein.core.settings.Setting<?> setting : MeshSettings.ALL) {
            if (setting != MeshSettings.TRANSPORT) assertThat((Object) defaults.get(setting)).as(setting.name()).isEqualTo(setting.defaultValue());
        }
        assertThat(defaults.membership().deadAfter()).isEqualTo(MeshSettings.DEAD_AFTER.defaultValue());
        assertThat(Mesh.builder().transport("local://").heartbeat(Duration.ofMillis(200), Duration.ofMillis(700)).build().options()
                .get(MeshSettings.DEAD_AFTER)).isEqualTo(Duration.ofMillis(700));
    }

    private MeshOptions withNamespace(String namespace) {
        return new MeshOptions(namespace, valid.transport(), null, valid.codec(), valid.maxFrameSize(), valid.calls(),
                valid.membership(), valid.services(), valid.security(), valid.telemetry(), null);
    }
}
