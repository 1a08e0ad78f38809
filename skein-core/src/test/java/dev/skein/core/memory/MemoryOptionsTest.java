package dev.skein.core.memory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemoryOptionsTest {

    @Test
    void defaultsAreThoseOfFeathers() {
        MemoryOptions options = MemoryOptions.defaults();
        assertThat(options.idField()).isEqualTo(MemoryOptions.DEFAULT_ID_FIELD).isEqualTo("id");
        assertThat(options.paginate()).isFalse();
        assertThat(options.defaultLimit()).isEqualTo(MemoryOptions.DEFAULT_PAGE_SIZE);
        assertThat(options.maxLimit()).isEqualTo(MemoryOptions.DEFAULT_MAX_PAGE_SIZE);
        assertThat(options.multi()).isEmpty();
        assertThat(options.startId()).isEqualTo(MemoryOptions.DEFAULT_START_ID).isZero();
    }

    @Test
    void paginateTurnsPaginationOnWithDefaultOrGivenSizes() {
        assertThat(MemoryOptions.builder().paginate(true).build().paginate()).isTrue();
        MemoryOptions options = MemoryOptions.builder().paginate(5, 20).build();
        assertThat(options.paginate()).isTrue();
        assertThat(options.defaultLimit()).isEqualTo(5);
        assertThat(options.maxLimit()).isEqualTo(20);
    }

    @Test
    void multiAllowsAllOrTheNamedMethods() {
        assertThat(MemoryOptions.builder().multi(true).build().multi()).containsExactlyInAnyOrder("create", "patch", "remove");
        MemoryOptions some = MemoryOptions.builder().multi("create", "patch").build();
        assertThat(some.allowsMulti("create")).isTrue();
        assertThat(some.allowsMulti("patch")).isTrue();
        assertThat(some.allowsMulti("remove")).isFalse();
        assertThat(MemoryOptions.builder().multi(true).multi(false).build().multi()).isEmpty();
    }

    @Test
    void toBuilderKeepsEveryOption() {
        MemoryOptions options = MemoryOptions.builder().idField("_id").paginate(3, 4).multi("remove").startId(7).build();
        MemoryOptions copy = options.toBuilder().build();
        assertThat(copy).usingRecursiveComparison().isEqualTo(options);
        assertThat(options.toBuilder().startId(8).build().startId()).isEqualTo(8);
    }

    @Test
    void invalidOptionsAreRejectedWhenBuilding() {
        assertThatThrownBy(() -> MemoryOptions.builder().paginate(0, 10))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("Need 0 < defaultLimit <= maxLimit, got 0 and 10");
        assertThatThrownBy(() -> MemoryOptions.builder().paginate(10, 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemoryOptions.builder().multi("update"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Method 'update' cannot take several items; only [create, patch, remove] can");
        assertThatThrownBy(() -> MemoryOptions.builder().idField("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MemoryOptions.builder().idField(null)).isInstanceOf(NullPointerException.class);
    }
}
