package dev.skein.core;

import java.util.List;
import java.util.Map;

/** The names of the standard service methods and of the events they emit. */
public final class Methods {

    /** Finds the items that match a query; emits nothing. */
    public static final String FIND = "find";
    /** Gets one item by id; emits nothing. */
    public static final String GET = "get";
    /** Creates an item (or several, from a list); emits {@code created}. */
    public static final String CREATE = "create";
    /** Replaces an item; emits {@code updated}. */
    public static final String UPDATE = "update";
    /** Merges changes into an item (or, with a null id, the items a query matches); emits {@code patched}. */
    public static final String PATCH = "patch";
    /** Removes an item (or, with a null id, the items a query matches); emits {@code removed}. */
    public static final String REMOVE = "remove";


    /** Stands for every method when a hook is registered. */
    public static final String ALL = "all";

    /** The six standard methods, in Feathers' order. */
    public static final List<String> STANDARD = List.of(FIND, GET, CREATE, UPDATE, PATCH, REMOVE);

    /** The events standard methods emit after success. */
    public static final List<String> STANDARD_EVENTS = List.of("created", "updated", "patched", "removed");

    private static final Map<String, String> EVENT_OF = Map.of(
            CREATE, "created", UPDATE, "updated", PATCH, "patched", REMOVE, "removed");

    private Methods() {
    }

    /** True for the six standard method names. */
    public static boolean isStandard(String method) {
        return STANDARD.contains(method);
    }

    /** The event a successful call of {@code method} emits, or {@code null} (find, get, custom methods). */
    public static String eventOf(String method) {
        return EVENT_OF.get(method);
    }

    /** Whether the method takes an id ({@code get}, {@code update}, {@code patch}, {@code remove}). */
    public static boolean takesId(String method) {
        return GET.equals(method) || UPDATE.equals(method) || PATCH.equals(method) || REMOVE.equals(method);
    }

    /** Whether the method takes data ({@code create}, {@code update}, {@code patch} and custom methods). */
    public static boolean takesData(String method) {
        return !FIND.equals(method) && !GET.equals(method) && !REMOVE.equals(method);
    }
}
