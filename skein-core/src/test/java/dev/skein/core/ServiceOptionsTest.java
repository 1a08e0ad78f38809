package dev.skein.core;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServiceOptionsTest {

    @Test
    void defaultsOfferWhatTheClassImplementsWithoutCustomEventsAtVersionZero() {
        ServiceOptions defaults = ServiceOptions.defaults();

        assertThat(defaults.methods()).isNull();
        assertThat(defaults.events()).isEmpty();
        assertThat(defaults.version()).isEqualTo(ServiceOptions.DEFAULT_VERSION).isEqualTo("0.0.0");
        assertThat(defaults.metadata()).isEmpty();
        assertThat(defaults.automaticEvents()).isTrue();
    }

    @Test
    void theBuilderKeepsWhatItWasGiven() {
        ServiceOptions options = ServiceOptions.builder()
                .methods("find", "get", "approve")
                .events("approved", "progress")
                .version("1.4.0-beta.2+build.7")
                .metadata("team", "core")
                .metadata(Map.of("region", "eu"))
                .automaticEvents(false)
                .build();

        assertThat(options.methods()).containsExactly("find", "get", "approve");
        assertThat(options.events()).containsExactly("approved", "progress");
        assertThat(options.version()).isEqualTo("1.4.0-beta.2+build.7");
        assertThat(options.metadata()).containsExactly(Map.entry("team", "core"), Map.entry("region", "eu"));
        assertThat(options.automaticEvents()).isFalse();
    }

    @Test
    void optionsAreImmutable() {
        ServiceOptions options = ServiceOptions.builder().methods("get").events("e").metadata("k", "v").build();

        assertThatThrownBy(() -> options.methods().add("find")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> options.events().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> options.metadata().put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void methodsAndEventsEachReplaceWhatWasGivenBefore() {
        ServiceOptions options = ServiceOptions.builder().methods("get").methods("find").events("a").events("b").build();

        assertThat(options.methods()).containsExactly("find");
        assertThat(options.events()).containsExactly("b");
    }

    @Test
    void toBuilderCopiesEverythingAndLeavesTheOriginalAlone() {
        ServiceOptions original = ServiceOptions.builder().methods("get").events("e").version("2.0.0")
                .metadata("k", "v").automaticEvents(false).build();

        ServiceOptions copy = original.toBuilder().build();
        ServiceOptions changed = original.toBuilder().events("e", "f").build();

        assertThat(copy.events()).containsExactly("e");
        assertThat(changed.methods()).containsExactly("get");
        assertThat(changed.events()).containsExactly("e", "f");
        assertThat(changed.version()).isEqualTo("2.0.0");
        assertThat(changed.metadata()).containsEntry("k", "v");
        assertThat(changed.automaticEvents()).isFalse();
        assertThat(original.events()).containsExactly("e");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "with-dash", "1st", "dot.ted", "slash/ed"})
    void aMethodNameThatIsNotAnIdentifierIsRefused(String name) {
        assertThatThrownBy(() -> ServiceOptions.builder().methods("get", name).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("method name '" + name + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "with-dash", "1st"})
    void anEventNameThatIsNotAnIdentifierIsRefused(String name) {
        assertThatThrownBy(() -> ServiceOptions.builder().events(name).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("event name '" + name + "'");
    }

    @Test
    void allCannotBeAMethod() {
        assertThatThrownBy(() -> ServiceOptions.builder().methods("find", Methods.ALL).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'all'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"created", "updated", "patched", "removed"})
    void aStandardEventCannotBeListedAsCustom(String event) {
        assertThatThrownBy(() -> ServiceOptions.builder().events("progress", event).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + event + "'")
                .hasMessageContaining("standard");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "1.2", "v1.2.3", "1.2.3.4", "latest", "1.x.0", ""})
    void aVersionThatIsNotSemverIsRefused(String version) {
        assertThatThrownBy(() -> ServiceOptions.builder().version(version).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + version + "'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0.0.0", "1.2.3", "10.20.30", "1.0.0-rc.1", "1.0.0+sha.5114f85"})
    void aSemverVersionIsAccepted(String version) {
        assertThat(ServiceOptions.builder().version(version).build().version()).isEqualTo(version);
    }

    @Test
    void aServiceRegisteredWithOptionsKeepsThem() {
        ServiceOptions options = ServiceOptions.builder().methods("get").version("3.1.4").metadata("k", "v").build();
        try (App app = App.create()) {
            app.use("todos", new RecordingService(), options);

            assertThat(app.service("todos").options()).isSameAs(options);
            assertThat(app.service("todos").options().version()).isEqualTo("3.1.4");
        }
    }
}
