package dev.skein.core.settings;

import java.util.List;

/**
 * The table of settings in the docs, made from their declarations: one row per setting with every
 * name it has (node file key, flag, environment variable, Spring property), its type, default and
 * what it does. docs/SETTINGS.md is this table; a test fails when the file and the declarations differ.
 */
public final class SettingsTable {

    private SettingsTable() {
    }

    /** A Markdown table of {@code settings}. */
    public static String markdown(List<Setting<?>> settings) {
        StringBuilder out = new StringBuilder();
        out.append("| Setting (node file) | Flag | Environment | Spring property | Value | Default | What it does |\n");
        out.append("|---|---|---|---|---|---|---|\n");
        for (Setting<?> s : settings) {
            String flag = s.isSecret() ? "(none: a secret)" : "`" + s.flag() + "`";
            StringBuilder names = new StringBuilder("`$" + s.variable() + "`");
            for (String alias : s.aliases()) if (alias.startsWith("$")) names.append(", `").append(alias).append("`");
            for (String alias : s.aliases()) if (alias.startsWith("--")) flag += ", `" + alias + "`";
            String def = s.defaultText().isEmpty() ? "" : "`" + s.defaultText() + "`";
            out.append("| `").append(s.key()).append("` | ").append(flag).append(" | ").append(names).append(" | `").append(s.property())
                    .append("` | ").append(s.type().description()).append(" | ").append(def).append(" | ")
                    .append(s.description().replace("|", "\\|").replace("<", "&lt;")).append(" |\n");
        }
        return out.toString();
    }
}
