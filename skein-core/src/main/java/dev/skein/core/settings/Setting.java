package dev.skein.core.settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One setting of a node, declared once: its name, type, default, documentation and check. Every
 * way of configuring a node derives from the declaration, with the same name: the builder method
 * ({@code heartbeat}), the node file's key ({@code mesh.heartbeat}), the flag ({@code --heartbeat}),
 * the environment variable ({@code SKEIN_MESH_HEARTBEAT}), the Spring property
 * ({@code skein.mesh.heartbeat}), and the row of the settings table in the docs.
 *
 * <pre>{@code
 * public static final Setting<Integer> MAX_SERVING = Setting.of("mesh", "maxServing", SettingType.INTEGER, 10_000,
 *         "How many calls from other nodes this node runs at once").atLeast(1);
 * }</pre>
 *
 * @param <T> the Java type of the value
 */
public final class Setting<T> {

    private final String group;
    private final String name;
    private final SettingType<T> type;
    private final T defaultValue;
    private final String description;
    private final List<Function<T, String>> checks;
    private final boolean secret;
    private final List<String> aliases;

    private Setting(String group, String name, SettingType<T> type, T defaultValue, String description,
                    List<Function<T, String>> checks, boolean secret, List<String> aliases) {
        this.group = group;
        this.name = name;
        this.type = type;
        this.defaultValue = defaultValue;
        this.description = description;
        this.checks = List.copyOf(checks);
        this.secret = secret;
        this.aliases = List.copyOf(aliases);
    }

    /**
     * A setting of {@code group} ({@code "mesh"}) named {@code name} in lower camel case
     * ({@code "maxServing"}), with its default (null: none, the setting is unset unless given).
     */
    public static <T> Setting<T> of(String group, String name, SettingType<T> type, T defaultValue, String description) {
        if (!group.matches("[a-z]+") || !name.matches("[a-z][A-Za-z0-9]*")) {
            throw new IllegalArgumentException("a setting's group is lower case letters and its name lower camel case, got " + group + "." + name);
        }
        return new Setting<>(group, name, Objects.requireNonNull(type, "type"), defaultValue, description, List.of(), false, List.of());
    }

    /** This setting, also checked by {@code check}: it returns null for a good value, else why it is wrong ("must be positive"). */
    public Setting<T> check(Function<T, String> check) {
        List<Function<T, String>> all = new ArrayList<>(checks);
        all.add(check);
        return new Setting<>(group, name, type, defaultValue, description, all, secret, aliases);
    }

    /** This setting, refusing a number below {@code least}. */
    public Setting<T> atLeast(int least) {
        return check(v -> v instanceof Number n && n.longValue() < least ? "must be at least " + least : null);
    }

    /** This setting, refusing a duration that is zero or negative. */
    public Setting<T> positive() {
        return check(v -> v instanceof Duration d && (d.isZero() || d.isNegative()) ? "must be positive" : null);
    }

    /** This setting, refusing a negative duration. */
    public Setting<T> notNegative() {
        return check(v -> v instanceof Duration d && d.isNegative() ? "must not be negative" : null);
    }

    /** This setting, its value never shown (in a message, a log or the failure report of Spring Boot): a secret. */
    public Setting<T> secret() {
        return new Setting<>(group, name, type, defaultValue, description, checks, true, aliases);
    }

    /**
     * This setting, also read under an older name: a flag ({@code "--dependency"}) or an environment
     * variable ({@code "$SKEIN_TRANSPORT"}). Given under both names with different values it is refused.
     */
    public Setting<T> alias(String oldName) {
        List<String> all = new ArrayList<>(aliases);
        all.add(oldName);
        return new Setting<>(group, name, type, defaultValue, description, checks, secret, all);
    }

    /** The group: {@code mesh}, {@code gateway}. */
    public String group() {
        return group;
    }

    /** The name, lower camel case: the builder method and the node file's key. */
    public String name() {
        return name;
    }

    /** The kind of value. */
    public SettingType<T> type() {
        return type;
    }

    /** The value when none is given; null when the setting has none. */
    public T defaultValue() {
        return defaultValue;
    }

    /** The default written as text ({@code 10s}), or an empty string when the setting has none. */
    public String defaultText() {
        return defaultValue == null ? "" : type.toText(defaultValue);
    }

    /** What the setting does, one or two sentences. */
    public String description() {
        return description;
    }

    /** Whether the value is a secret that is never shown. */
    public boolean isSecret() {
        return secret;
    }

    /** The older names this setting is also read under. */
    public List<String> aliases() {
        return aliases;
    }

    /** The name in kebab case: {@code max-serving}. */
    public String kebabName() {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The command-line flag: {@code --max-serving}. */
    public String flag() {
        return "--" + kebabName();
    }

    /** The node file's key: {@code mesh.maxServing}. */
    public String key() {
        return group + "." + name;
    }

    /** The Spring property: {@code skein.mesh.max-serving}. */
    public String property() {
        return "skein." + group + "." + kebabName();
    }

    /** The environment variable: {@code SKEIN_MESH_MAX_SERVING}. */
    public String variable() {
        return ("SKEIN_" + group + "_" + kebabName()).toUpperCase(Locale.ROOT).replace('-', '_');
    }

    /**
     * {@code value} if it passes every check.
     *
     * @throws IllegalArgumentException naming the setting and why ("maxServing must be at least 1, got 0")
     */
    public T checked(T value) {
        Objects.requireNonNull(value, name);
        for (Function<T, String> check : checks) {
            String wrong = check.apply(value);
            if (wrong != null) throw new IllegalArgumentException(name + " " + wrong + ", got " + show(value));
        }
        return value;
    }

    /** The value written as text, checked; the message of a refusal names the setting, never a secret's text. */
    public T fromText(String text) {
        try {
            return checked(type.fromText(text));
        } catch (IllegalArgumentException e) {
            throw refusal(e);
        }
    }

    /** The value of a structured source (YAML, Spring's binder), checked. */
    public T fromValue(Object value) {
        try {
            return checked(type.fromValue(value));
        } catch (IllegalArgumentException e) {
            throw refusal(e);
        }
    }

    /** How a value is shown in a message: {@code (hidden)} for a secret. */
    public String show(Object value) {
        return secret ? "(hidden)" : String.valueOf(value);
    }

    private IllegalArgumentException refusal(IllegalArgumentException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith(name + " ")) return e;
        // a secret's text never shows: the parser's message may quote it
        return secret ? new IllegalArgumentException(name + " is " + type.description()) : new IllegalArgumentException(name + ": " + message, e);
    }

    @Override
    public String toString() {
        return key();
    }
}
