package dev.skein.core.memory;

import dev.skein.core.Methods;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link MemoryService} behaves: its id field, pagination, which methods accept several items
 * at once, and the first generated id. Immutable and thread-safe; build with {@link #builder()}.
 */
public final class MemoryOptions {

    /** The id field when none is given. */
    public static final String DEFAULT_ID_FIELD = "id";
    /** The page size when pagination is on and none is given. */
    public static final int DEFAULT_PAGE_SIZE = 10;
    /** The largest page when pagination is on and none is given. */
    public static final int DEFAULT_MAX_PAGE_SIZE = 50;
    /** The first generated id when none is given. */
    public static final long DEFAULT_START_ID = 0;

    /** The methods that can take several items: {@code create} (a list of data), {@code patch} and {@code remove} (a null id). */
    public static final List<String> MULTI_METHODS = List.of(Methods.CREATE, Methods.PATCH, Methods.REMOVE);

    private static final MemoryOptions DEFAULTS = builder().build();

    private final String idField;
    private final boolean paginate;
    private final int defaultLimit;
    private final int maxLimit;
    private final Set<String> multi;
    private final long startId;

    private MemoryOptions(Builder b) {
        this.idField = b.idField;
        this.paginate = b.paginate;
        this.defaultLimit = b.defaultLimit;
        this.maxLimit = b.maxLimit;
        this.multi = Set.copyOf(b.multi);
        this.startId = b.startId;
    }

    /** Id field {@code id}, no pagination, no multi, ids from 0. */
    public static MemoryOptions defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The field that holds an item's id. */
    public String idField() {
        return idField;
    }

    /** Whether {@code find} answers pages {@code {total, limit, skip, data}} rather than lists. */
    public boolean paginate() {
        return paginate;
    }

    /** The page size when a paginated {@code find} gives no {@code $limit}. */
    public int defaultLimit() {
        return defaultLimit;
    }

    /** The largest page a paginated {@code find} answers: a larger {@code $limit} is lowered to it. */
    public int maxLimit() {
        return maxLimit;
    }

    /** The methods of {@link #MULTI_METHODS} allowed to take several items; unmodifiable. */
    public Set<String> multi() {
        return multi;
    }

    /** Whether {@code method} may take several items. */
    public boolean allowsMulti(String method) {
        return multi.contains(method);
    }

    /** The first id generated for data that has none; each next one is one more. */
    public long startId() {
        return startId;
    }

    /** A builder that starts from these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.idField = idField;
        b.paginate = paginate;
        b.defaultLimit = defaultLimit;
        b.maxLimit = maxLimit;
        b.multi = new LinkedHashSet<>(multi);
        b.startId = startId;
        return b;
    }

    @Override
    public String toString() {
        return "MemoryOptions{idField=" + idField + ", paginate=" + (paginate ? defaultLimit + "/" + maxLimit : "off")
                + ", multi=" + multi + ", startId=" + startId + "}";
    }

    /** Builds {@link MemoryOptions}; not thread-safe. */
    public static final class Builder {

        private String idField = DEFAULT_ID_FIELD;
        private boolean paginate;
        private int defaultLimit = DEFAULT_PAGE_SIZE;
        private int maxLimit = DEFAULT_MAX_PAGE_SIZE;
        private Set<String> multi = new LinkedHashSet<>();
        private long startId = DEFAULT_START_ID;

        private Builder() {
        }

        /** The field that holds an item's id; not null nor empty. */
        public Builder idField(String idField) {
            Objects.requireNonNull(idField, "idField");
            if (idField.isEmpty()) throw new IllegalArgumentException("idField must not be empty");
            this.idField = idField;
            return this;
        }

        /**
         * Turns pagination on or off, keeping the page sizes: {@link #DEFAULT_PAGE_SIZE} and
         * {@link #DEFAULT_MAX_PAGE_SIZE} unless {@link #paginate(int, int)} gave others.
         */
        public Builder paginate(boolean paginate) {
            this.paginate = paginate;
            return this;
        }

        /** Turns pagination on with these sizes: {@code 0 < defaultLimit <= maxLimit}. */
        public Builder paginate(int defaultLimit, int maxLimit) {
            if (defaultLimit <= 0 || maxLimit < defaultLimit) {
                throw new IllegalArgumentException("Need 0 < defaultLimit <= maxLimit, got " + defaultLimit + " and " + maxLimit);
            }
            this.paginate = true;
            this.defaultLimit = defaultLimit;
            this.maxLimit = maxLimit;
            return this;
        }

        /** Allows every method of {@link #MULTI_METHODS} to take several items, or none. */
        public Builder multi(boolean all) {
            this.multi = all ? new LinkedHashSet<>(MULTI_METHODS) : new LinkedHashSet<>();
            return this;
        }

        /** Allows exactly these methods, each one of {@link #MULTI_METHODS}, to take several items. */
        public Builder multi(String... methods) {
            Set<String> set = new LinkedHashSet<>();
            for (String method : Arrays.asList(methods)) {
                if (!MULTI_METHODS.contains(method)) {
                    throw new IllegalArgumentException("Method '" + method + "' cannot take several items; only " + MULTI_METHODS + " can");
                }
                set.add(method);
            }
            this.multi = set;
            return this;
        }

        /** The first generated id. */
        public Builder startId(long startId) {
            this.startId = startId;
            return this;
        }

        /** The options; every setting was checked when it was set. */
        public MemoryOptions build() {

            return new MemoryOptions(this);
        }
    }
}
