package dev.skein.core;

import dev.skein.core.errors.BadRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ServicePathTest {

    @ParameterizedTest
    @ValueSource(strings = {"todos", "api/v1/todos", "a", "shop.orders", "my-service_2", "~user", "a.b/c..d"})
    void canonicalPathsAreAccepted(String path) {
        assertThat(ServicePath.isCanonical(path)).isTrue();
        assertThat(ServicePath.of(path).value()).isEqualTo(path);
        assertThat(ServicePath.normalize(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"payments/", "/payments", " payments", "payments ", "pay ments", "a//b", "a/./b", "a/../b", "..",
            ".", "todos\u0000", "t\u00f6d\u00f6s", "a\tb", "%2Fpayments", "a\\b", "a?b", "a#b", "", "/"})
    void nonCanonicalPathsFromOutsideAreRefusedNotRepaired(String path) {
        assertThat(ServicePath.isCanonical(path)).isFalse();
        assertThatThrownBy(() -> ServicePath.of(path)).isInstanceOf(BadRequest.class).hasMessageContaining("not canonical");
    }

    @Test
    void aPathLongerThanTheLimitIsRefused() {
        String longest = "a".repeat(ServicePath.MAX_LENGTH);
        assertThat(ServicePath.isCanonical(longest)).isTrue();
        assertThat(ServicePath.whyNotCanonical(longest + "a")).contains("longer than " + ServicePath.MAX_LENGTH);
    }

    @Test
    void aPathWrittenInCodeIsTrimmedThenChecked() {
        assertThat(ServicePath.normalize(" /api/v1/todos/ ")).isEqualTo("api/v1/todos");
        assertThat(App.normalize("/todos/")).isEqualTo("todos");
        assertThatThrownBy(() -> ServicePath.normalize("//")).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
        assertThatThrownBy(() -> ServicePath.normalize("a//b")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("empty segment");
        assertThatThrownBy(() -> ServicePath.normalize("pay ments")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("' '");
    }

    @Test
    void messagesShowControlCharactersEscapedAndCutLongPaths() {
        assertThatThrownBy(() -> ServicePath.of("a\u0000b")).hasMessageContaining("'a\\u0000b'").hasMessageContaining("U+0000");
        assertThat(ServicePath.quoted("x".repeat(500))).hasSize(80 + 5);
    }
}
