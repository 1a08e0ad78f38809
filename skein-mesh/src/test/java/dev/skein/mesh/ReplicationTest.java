package dev.skein.mesh;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** happner's replication paths: globs over path/event. */
class ReplicationTest {

    @Test
    void doubleStarMatchesEveryEventOfEveryPath() {
        Replication all = Replication.of("**");
        assertThat(all.test("todos", "created")).isTrue();
        assertThat(all.test("api/v1/orders", "archived")).isTrue();
    }

    @Test
    void aStarIsOneSegment() {
        Replication todos = Replication.of("todos/*");
        assertThat(todos.test("todos", "created")).isTrue();
        assertThat(todos.test("todos", "removed")).isTrue();
        assertThat(todos.test("todos2", "created")).isFalse();
        assertThat(todos.test("api/todos", "created")).isFalse();

        Replication created = Replication.of("*/created");
        assertThat(created.test("todos", "created")).isTrue();
        assertThat(created.test("orders", "created")).isTrue();
        assertThat(created.test("orders", "patched")).isFalse();
        assertThat(created.test("api/orders", "created")).as("one segment only").isFalse();
    }

    @Test
    void doubleStarCrossesSegmentsAndOtherCharactersMatchThemselves() {
        Replication under = Replication.of("api/**/removed");
        assertThat(under.test("api/v1/orders", "removed")).isTrue();
        assertThat(under.test("api/orders", "removed")).isTrue();
        assertThat(under.test("web/orders", "removed")).isFalse();
        assertThat(Replication.of("a.b/*").test("axb", "e")).as("a dot is a dot").isFalse();
        assertThat(Replication.of("todo?/created").test("todos", "created")).isTrue();
    }

    @Test
    void anyOfSeveralPatternsLetsAnEventThrough() {
        Replication some = Replication.of("todos/*", "*/created");
        assertThat(some.test("todos", "patched")).isTrue();
        assertThat(some.test("orders", "created")).isTrue();
        assertThat(some.test("orders", "patched")).isFalse();
    }

    @Test
    void noPatternOrABlankOneIsRefused() {
        assertThatThrownBy(Replication::of).hasMessageContaining("at least one pattern");
        assertThatThrownBy(() -> Replication.of(" ")).hasMessageContaining("blank");
    }
}
