package dev.skein.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How a service is registered: which methods it offers, which custom events it emits, its version
 * and free metadata (both advertised to the mesh). Immutable; build with {@link #builder()}.
 */
public final class ServiceOptions {

    /** The version a service has when none is given. */
    public static final String DEFAULT_VERSION = "0.0.0";

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern SEMVER = Pattern.compile("\\d+\\.\\d+\\.\\d+([-+][0-9A-Za-z.+-]*)?");
    // after the patterns: building it uses them
    private static final ServiceOptions DEFAULTS = builder().build();

    private final List<String> methods;
    private final List<String> events;
    private final String version;
    private final Map<String, Object> metadata;
    private final boolean automaticEvents;
    private final boolean open;
    private final boolean nonBlocking;

    private ServiceOptions(Builder b) {
        this.methods = b.methods == null ? null : List.copyOf(b.methods);
        this.events = List.copyOf(b.events);
        this.version = b.version;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(b.metadata));
        this.automaticEvents = b.automaticEvents;
        this.open = b.open;
        this.nonBlocking = b.nonBlocking;
    }

    /** The standard methods the service's class implements, no custom events, version {@value #DEFAULT_VERSION}, no metadata. */
    public static ServiceOptions defaults() {
        return DEFAULTS;
    }

    /** A builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Every method the service offers, standard and custom, or {@code null} when not given: then
     * the service offers the standard methods its class implements, and no custom method.
     */
    public List<String> methods() {
        return methods;
    }

    /** Custom events the service emits, besides the standard ones. */
    public List<String> events() {
        return events;
    }

    /** Semantic version, e.g. {@code 1.4.0}. */
    public String version() {
        return version;
    }

    /** Free JSON-shaped metadata advertised with the service. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /**
     * Whether the app emits the standard events after successful calls ({@code true} by default).
     * A proxy of a remote service turns it off: the remote node's own events reach it instead.
     */
    public boolean automaticEvents() {
        return automaticEvents;
    }

    /**
     * Whether the handle accepts calls of any method and listeners of any event, leaving the
     * service to refuse what it does not know: the proxy of a remote service is open, because its
     * instances may come, go and change their methods while the app holds the handle. {@link #methods()}
     * and {@link #events()} then say what is known so far.
     */
    public boolean open() {
        return open;
    }

    /**
     * Whether the service's methods never block ({@code false} by default): its calls then run on
     * the thread that makes them, or that read them from the network, instead of going to the app's
     * executor first, when no hook applies to the call (hooks run on the executor, as ever). A call
     * from another node is then answered from the I/O thread that read it: two thread hand-offs
     * fewer. Only for methods that answer at once or return a stage completed elsewhere (an
     * asynchronous driver): one that blocks holds every connection of that thread, and one that
     * waits there for a pending remote call fails at once.
     */
    public boolean nonBlocking() {
        return nonBlocking;
    }

    /** A builder that starts from these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.methods = methods == null ? null : new LinkedHashSet<>(methods);
        b.events.addAll(events);
        b.version = version;
        b.metadata.putAll(metadata);
        b.automaticEvents = automaticEvents;
        b.open = open;
        b.nonBlocking = nonBlocking;
        return b;
    }

    /** Builds {@link ServiceOptions}; names are checked in {@link #build()}. */
    public static final class Builder {
        private Set<String> methods;
        private final Set<String> events = new LinkedHashSet<>();
        private String version = DEFAULT_VERSION;
        private final Map<String, Object> metadata = new LinkedHashMap<>();
        private boolean automaticEvents = true;
        private boolean open;
        private boolean nonBlocking;

        private Builder() {
        }

        /** Every method the service offers: standard names and custom ones. */
        public Builder methods(String... methods) {
            return methods(List.of(methods));
        }

        /** Every method the service offers; replaces any list given before. */
        public Builder methods(List<String> methods) {
            this.methods = new LinkedHashSet<>(methods);
            return this;
        }

        /** Custom events the service emits. */
        public Builder events(String... events) {
            return events(List.of(events));
        }

        /** The custom events the service emits; replaces any list given before, as {@link #methods(List)} does. Standard events must not be listed. */
        public Builder events(List<String> events) {
            this.events.clear();
            this.events.addAll(events);
            return this;
        }

        /** The service's semantic version, e.g. {@code 1.4.0}, advertised to the mesh; {@value ServiceOptions#DEFAULT_VERSION} by default. */
        public Builder version(String version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Adds one JSON-shaped metadata entry advertised with the service. */
        public Builder metadata(String key, Object value) {
            this.metadata.put(key, value);
            return this;
        }

        /** Adds every entry of {@code metadata} to the metadata advertised with the service. */
        public Builder metadata(Map<String, ?> metadata) {
            this.metadata.putAll(metadata);
            return this;
        }

        /** Whether the app emits the standard events after successful calls; {@code true} by default. */
        public Builder automaticEvents(boolean automaticEvents) {
            this.automaticEvents = automaticEvents;
            return this;
        }

        /** See {@link ServiceOptions#nonBlocking()}; {@code false} by default. */
        public Builder nonBlocking(boolean nonBlocking) {
            this.nonBlocking = nonBlocking;
            return this;
        }

        /** See {@link ServiceOptions#open()}. */
        public Builder open(boolean open) {
            this.open = open;
            return this;
        }

        /**
         * The options, checked.
         *
         * @throws IllegalArgumentException for a method or event name that is not an identifier, or a version that is not semver
         */

        public ServiceOptions build() {
            if (methods != null) {
                for (String m : methods) {
                    checkName("method", m);
                    if (Methods.ALL.equals(m)) {
                        throw new IllegalArgumentException("'all' cannot be a method name: hooks use it to mean every method");
                    }
                }
            }
            for (String e : events) {
                checkName("event", e);
                if (Methods.STANDARD_EVENTS.contains(e)) {
                    throw new IllegalArgumentException("'" + e + "' is a standard event; list only custom events");
                }
            }
            if (!SEMVER.matcher(version).matches()) {
                throw new IllegalArgumentException("version '" + version + "' is not a semantic version like 1.2.3");
            }
            return new ServiceOptions(this);
        }

        private static void checkName(String what, String name) {
            if (name == null || !NAME.matcher(name).matches()) {
                throw new IllegalArgumentException(what + " name '" + name + "' must be an identifier (letters, digits, _)");
            }
        }
    }
}
