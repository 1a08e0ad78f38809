package dev.skein.core.settings;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The settings given to one node, from every place they may be given (flags, the environment, a
 * node file), each remembered with where it was given. A setting given in two places with the same
 * value is fine; with different values it is refused, naming both places and never the values.
 * There is no precedence to learn: one node, one value per setting.
 */
public final class GivenSettings {

    /** One place a setting was given: its name there ({@code --heartbeat}, {@code node.yaml: mesh.heartbeat}) and the value read. */
    private record Given(String where, Object value) {
    }

    private final Map<Setting<?>, List<Given>> given = new LinkedHashMap<>();

    /** Adds {@code value}, given at {@code where}; a null value means not given there. */
    public <T> GivenSettings give(Setting<T> setting, String where, T value) {
        if (value != null) given.computeIfAbsent(setting, s -> new ArrayList<>()).add(new Given(where, setting.checked(value)));
        return this;
    }

    /** Adds the value written as {@code text} at {@code where}; bad text is refused naming {@code where} and the setting. */
    public <T> GivenSettings giveText(Setting<T> setting, String where, String text) {
        if (text == null) return this;
        return give(setting, where, read(setting, where, () -> setting.fromText(text)));
    }

    /** Adds a structured value (YAML, a binder's result) given at {@code where}; a bad one is refused naming {@code where}. */
    public <T> GivenSettings giveValue(Setting<T> setting, String where, Object value) {
        if (value == null) return this;
        return give(setting, where, read(setting, where, () -> setting.fromValue(value)));
    }

    /**
     * Adds every setting of {@code settings} whose environment variable (or an alias beginning
     * with {@code $}) is set and not blank in {@code environment} ({@code System::getenv}).
     */
    public GivenSettings giveEnvironment(Collection<? extends Setting<?>> settings, Function<String, String> environment) {
        for (Setting<?> setting : settings) {
            List<String> names = new ArrayList<>();
            names.add(setting.variable());
            for (String alias : setting.aliases()) if (alias.startsWith("$")) names.add(alias.substring(1));
            for (String name : names) {
                String text = environment.apply(name);
                if (text != null && !text.isBlank()) giveText(setting, "$" + name, text);
            }
        }
        return this;
    }

    /** Whether any place gave {@code setting}. */
    public boolean has(Setting<?> setting) {
        return given.containsKey(setting);
    }

    /** The settings given, in the order first given. */
    public Collection<Setting<?>> settings() {
        return List.copyOf(given.keySet());
    }

    /** Where {@code setting} was given, places joined by " and "; null when nowhere. */
    public String where(Setting<?> setting) {
        List<Given> all = given.get(setting);
        return all == null ? null : String.join(" and ", all.stream().map(Given::where).toList());
    }

    /**
     * The value of {@code setting}, or null when no place gave it.
     *
     * @throws SettingException when two places gave different values, naming both places
     */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        List<Given> all = given.get(setting);
        if (all == null) return null;
        Given first = all.get(0);
        for (Given other : all.subList(1, all.size())) {
            if (!Objects.equals(first.value(), other.value())) {
                throw new SettingException(setting.name() + " is given two ways, " + first.where() + " and " + other.where()
                        + ", with different values; give it one way", setting);
            }
        }
        return (T) first.value();
    }

    private static <T> T read(Setting<T> setting, String where, java.util.function.Supplier<T> reading) {
        try {
            return reading.get();
        } catch (IllegalArgumentException e) {
            String message = String.valueOf(e.getMessage());
            // "--max-serving: a whole number expected", not "--max-serving: maxServing: a whole number expected"
            if (message.startsWith(setting.name() + ": ")) message = message.substring(setting.name().length() + 2);
            throw new SettingException(where + ": " + message, setting);
        }
    }
}
