package dev.skein.core.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * The kind of value a {@link Setting} holds, and how each way of configuring a node writes it: as
 * text (a flag, an environment variable, a URI parameter, a Spring property) or as a YAML value. The
 * same text means the same value everywhere: {@code 10s} is ten seconds as a flag, in the node file
 * and in {@code application.yaml}.
 *
 * @param <T> the Java type of the value
 */
public final class SettingType<T> {

    /** How a value is written: one scalar, a list of scalars, or a mapping of names to scalars. */
    public enum Shape { SCALAR, LIST, MAP }

    /** Text as it is: {@code skein}. */
    public static final SettingType<String> STRING = scalar("text", s -> s);
    /** {@code true} or {@code false}, nothing else. */
    public static final SettingType<Boolean> BOOLEAN = scalar("true or false", SettingType::bool, "java.lang.Boolean", String::valueOf);
    /** A whole number: {@code 10000}. */
    public static final SettingType<Integer> INTEGER = scalar("a whole number", SettingType::integer, "java.lang.Integer", String::valueOf);
    /** A duration: {@code 10s}, {@code 500ms}, {@code 2m}, {@code 1h}, ISO-8601 {@code PT10S}, or a number of milliseconds. */
    public static final SettingType<Duration> DURATION = scalar("a duration (10s, 500ms, 2m)", SettingType::duration, "java.time.Duration",
            SettingType::durationText);
    /** A size in bytes: {@code 16MB}, {@code 64KB}, {@code 1048576}. */
    public static final SettingType<Integer> SIZE = scalar("a size in bytes (16MB, 64KB, 1048576)", SettingType::size,
            "org.springframework.util.unit.DataSize", SettingType::sizeText);
    /** A file: relative paths are resolved by the source (next to a node file, or from the working directory). */
    public static final SettingType<Path> FILE = scalar("a file", Path::of, "java.nio.file.Path", String::valueOf);
    /** Texts; written as a list, or as one text separated by commas. */
    public static final SettingType<List<String>> STRINGS = list(STRING);
    /** Names to whole numbers ({@code historian: 2}); as text {@code historian=2,reports=1}. */
    public static final SettingType<Map<String, Integer>> NAMED_INTEGERS = map(INTEGER);
    /** Names to texts ({@code todos: ^1.2}); as text {@code todos=^1.2,users=2.x}. */
    public static final SettingType<Map<String, String>> NAMED_STRINGS = map(STRING);

    private final String description;
    private final Shape shape;
    private final Function<String, T> fromText;
    private final Function<Object, T> fromValue;
    private final String javaType;
    private final Function<T, String> toText;

    private SettingType(String description, Shape shape, Function<String, T> fromText, Function<Object, T> fromValue,
                        String javaType, Function<T, String> toText) {
        this.description = description;
        this.shape = shape;
        this.fromText = fromText;
        this.fromValue = fromValue;
        this.javaType = javaType;
        this.toText = toText;
    }

    /** A scalar type read from text by {@code parse}, which throws IllegalArgumentException (its message says what was wrong) on bad text. */
    public static <T> SettingType<T> scalar(String description, Function<String, T> parse) {
        return scalar(description, parse, "java.lang.String", String::valueOf);
    }

    /**
     * A scalar type read from text by {@code parse}, shown as {@code javaType} to tools (Spring's
     * configuration metadata) and written back as text by {@code toText}.
     */
    public static <T> SettingType<T> scalar(String description, Function<String, T> parse, String javaType, Function<T, String> toText) {
        return new SettingType<>(description, Shape.SCALAR, s -> parse.apply(s.strip()), v -> {
            if (v instanceof Map<?, ?> || v instanceof List<?>) throw new IllegalArgumentException("one value expected, got " + v);
            return parse.apply(String.valueOf(v).strip());
        }, javaType, toText);
    }

    /** One of an enum's constants, by name in any case ({@code round_robin}, {@code ROUND_ROBIN}, {@code round-robin}). */
    public static <E extends Enum<E>> SettingType<E> oneOf(Class<E> type) {
        StringBuilder names = new StringBuilder();
        for (E e : type.getEnumConstants()) names.append(names.length() == 0 ? "" : ", ").append(e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        return scalar("one of " + names, s -> {
            for (E e : type.getEnumConstants()) {
                if (e.name().equalsIgnoreCase(s.replace('-', '_'))) return e;
            }
            throw new IllegalArgumentException("one of " + names + " expected, got '" + s + "'");
        }, type.getName(), e -> e.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }

    /** A list of {@code element}s. */
    public static <E> SettingType<List<E>> list(SettingType<E> element) {
        return new SettingType<>("a list of " + element.description, Shape.LIST, text -> {
            List<E> out = new ArrayList<>();
            for (String part : text.split(",")) if (!part.isBlank()) out.add(element.fromText(part));
            return List.copyOf(out);
        }, value -> {
            if (value instanceof Map<?, ?>) throw new IllegalArgumentException("a list expected, got a mapping");
            if (!(value instanceof List<?> items)) return List.of(element.fromValue(value));
            List<E> out = new ArrayList<>();
            for (Object item : items) out.add(element.fromValue(item));
            return List.copyOf(out);
        }, "java.util.List<" + element.javaType + ">", l -> String.join(",", l.stream().map(element::toText).toList()));
    }

    /** Names mapped to {@code value}s, in the order given. */
    public static <V> SettingType<Map<String, V>> map(SettingType<V> value) {
        return new SettingType<>("names mapped to " + value.description, Shape.MAP, text -> {
            Map<String, V> out = new LinkedHashMap<>();
            for (String part : text.split(",")) {
                if (part.isBlank()) continue;
                int eq = part.indexOf('=');
                if (eq <= 0) throw new IllegalArgumentException("name=value expected, got '" + part.strip() + "'");
                out.put(part.substring(0, eq).strip(), value.fromText(part.substring(eq + 1)));
            }
            return java.util.Collections.unmodifiableMap(out);
        }, v -> {
            if (!(v instanceof Map<?, ?> entries)) throw new IllegalArgumentException("a mapping of names to values expected, got " + v);
            Map<String, V> out = new LinkedHashMap<>();
            entries.forEach((k, e) -> out.put(String.valueOf(k), value.fromValue(e)));
            return java.util.Collections.unmodifiableMap(out);
        }, "java.util.Map<java.lang.String," + value.javaType + ">",
                m -> String.join(",", m.entrySet().stream().map(e -> e.getKey() + "=" + value.toText(e.getValue())).toList()));
    }

    /** What a value of this type looks like, for messages and the settings table: "a duration (10s, 500ms, 2m)". */
    public String description() {
        return description;
    }

    /** Whether values are scalars, lists or mappings: how a source that binds structured values (YAML, Spring) should bind them. */
    public Shape shape() {
        return shape;
    }

    /** The Java type tools show for it (Spring's configuration metadata): {@code java.time.Duration}. */
    public String javaType() {
        return javaType;
    }

    /** {@code value} written as text that {@link #fromText} reads back: {@code 10s}, {@code 16MB}, {@code round-robin}. */
    public String toText(T value) {
        return toText.apply(value);
    }

    /** The value written as text (a flag, a variable, a URI parameter); an IllegalArgumentException says what is wrong. */
    public T fromText(String text) {
        return fromText.apply(text);
    }

    /** The value of a structured source: a YAML scalar, list or mapping, or what Spring's binder read as text, list or map. */
    public T fromValue(Object value) {
        return value instanceof String s ? fromText(s) : fromValue.apply(value);
    }

    // ---- scalar parsers -------------------------------------------------------------------------

    private static boolean bool(String s) {
        if (s.equalsIgnoreCase("true")) return true;
        if (s.equalsIgnoreCase("false")) return false;
        throw new IllegalArgumentException("true or false expected, got '" + s + "'");
    }

    private static int integer(String s) {
        try {
            return Integer.parseInt(s.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a whole number expected, got '" + s + "'");
        }
    }

    /** Reads 10s, 500ms, 2m, 1h, 1.5s, ISO-8601 (PT10S), or a number of milliseconds. */
    public static Duration duration(String text) {
        String v = text.strip().toLowerCase(Locale.ROOT);
        try {
            if (v.startsWith("pt") || v.startsWith("p")) return Duration.parse(v.toUpperCase(Locale.ROOT));
            if (v.endsWith("ms")) return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2).strip()));
            if (v.endsWith("s")) return Duration.ofNanos(Math.round(Double.parseDouble(v.substring(0, v.length() - 1).strip()) * 1e9));
            if (v.endsWith("m")) return Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1).strip()));
            if (v.endsWith("h")) return Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1).strip()));
            if (v.endsWith("d")) return Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1).strip()));
            return Duration.ofMillis(Long.parseLong(v));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("a duration expected (10s, 500ms, 2m), got '" + text + "'");
        }
    }

    private static String durationText(Duration d) {
        long ms = d.toMillis();
        if (ms == 0 || ms % 1000 != 0) return ms + "ms";
        long s = ms / 1000;
        if (s % 3600 == 0) return s / 3600 + "h";
        if (s % 60 == 0) return s / 60 + "m";
        return s + "s";
    }

    private static String sizeText(Integer bytes) {
        if (bytes != 0 && bytes % (1024 * 1024) == 0) return bytes / (1024 * 1024) + "MB";
        if (bytes != 0 && bytes % 1024 == 0) return bytes / 1024 + "KB";
        return bytes + "B";
    }

    private static int size(String text) {
        String v = text.strip().toUpperCase(Locale.ROOT).replace("_", "");
        long unit = 1;
        for (String[] suffix : new String[][]{{"GB", "1073741824"}, {"MB", "1048576"}, {"KB", "1024"}, {"B", "1"}}) {
            if (v.endsWith(suffix[0])) {
                unit = Long.parseLong(suffix[1]);
                v = v.substring(0, v.length() - suffix[0].length()).strip();
                break;
            }
        }
        try {
            return Math.toIntExact(Math.multiplyExact(Long.parseLong(v), unit));
        } catch (ArithmeticException | NumberFormatException e) {
            throw new IllegalArgumentException("a size in bytes up to 2 GB expected (16MB, 64KB, 1048576), got '" + text + "'");
        }
    }
}
