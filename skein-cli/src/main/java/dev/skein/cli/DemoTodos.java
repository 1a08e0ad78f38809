package dev.skein.cli;

import dev.skein.core.HookContext;
import dev.skein.core.Hooks;
import dev.skein.core.Methods;
import dev.skein.core.errors.BadRequest;

import java.util.Map;

/**
 * The todos of {@code skein demo}: a memory service that refuses a todo without text, which its
 * page would show as "undefined". {@code create} and {@code update} need a {@code text} that is a
 * non-blank string; {@code patch} needs one only when it changes {@code text}.
 */
final class DemoTodos {

    /** The path the demo serves its todos at. */
    static final String PATH = "todos";

    private DemoTodos() {
    }

    /** Adds the check to the hooks of the demo's todos service. */
    static void requireText(Hooks hooks) {
        hooks.before(Methods.CREATE, c -> check(c, true))
                .before(Methods.UPDATE, c -> check(c, true))
                .before(Methods.PATCH, c -> check(c, false));
    }

    private static void check(HookContext context, boolean whole) {
        if (!(context.data() instanceof Map<?, ?> todo)) return; // the memory service refuses what is not an object
        if (!whole && !todo.containsKey("text")) return;
        if (!(todo.get("text") instanceof String text) || text.isBlank()) {
            throw new BadRequest("a todo needs 'text', a non-blank string (got " + (todo.containsKey("text") ? todo.get("text") : "none") + ")");
        }
    }
}
