package dev.skein.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A setting that may be given in several places (a flag, the environment, the node file), to be
 * taken from one: the same value given twice is fine, two different values fail the start with
 * one line naming both places, never the values (they may be secrets). Not the general
 * "declare each setting once" machinery of issue #23: only the settings that pass through here.
 */
final class SettingSources<T> {

    /** One place a setting was given: its name there ({@code --secret-file}, {@code mesh.secretFile}, {@code $SKEIN_MESH_SECRET}). */
    record Given<T>(String where, T value) {
    }

    private final String setting;
    private final List<Given<T>> given = new ArrayList<>();

    /** @param setting what the setting is, for the message ("the mesh credentials") */
    SettingSources(String setting) {
        this.setting = setting;
    }

    /** Adds the value given at {@code where}; a null value means not given there. */
    SettingSources<T> add(String where, T value) {
        if (value != null) given.add(new Given<>(where, value));
        return this;
    }

    /** Whether any place gave it. */
    boolean given() {
        return !given.isEmpty();
    }

    /** The places that gave it, joined by " and ". */
    String where() {
        return String.join(" and ", given.stream().map(Given::where).toList());
    }

    /**
     * The value, or null when no place gave it.
     *
     * @throws IllegalArgumentException when two places gave different values, naming both
     */
    T value() {
        if (given.isEmpty()) return null;
        Given<T> first = given.get(0);
        for (Given<T> other : given.subList(1, given.size())) {
            if (!Objects.equals(first.value(), other.value())) {
                throw new IllegalArgumentException(setting + (setting.endsWith("s") ? " are" : " is") + " given two ways, " + first.where()
                        + " and " + other.where() + ", with different values; give one");
            }
        }
        return first.value();
    }
}
