package dev.skein.core.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** How alike two names are, for the "did you mean" of a message about a typo (an option, a key, a URI scheme). Stateless. */
public final class Likeness {

    /** The most edits a typo is taken to have. */
    public static final int MAX_TYPOS = 2;

    private Likeness() {
    }

    /** The name of {@code known} closest to {@code typed} (case aside) within {@link #MAX_TYPOS} edits, the first in order on a tie. */
    public static Optional<String> closest(String typed, Collection<String> known) {
        String t = typed.toLowerCase(Locale.ROOT);
        return known.stream().filter(k -> distance(k.toLowerCase(Locale.ROOT), t) <= MAX_TYPOS)
                .min(Comparator.comparingInt((String k) -> distance(k.toLowerCase(Locale.ROOT), t)).thenComparing(Comparator.naturalOrder()));
    }

    /** Levenshtein distance: the fewest insertions, deletions and substitutions that make {@code a} into {@code b}. */
    public static int distance(String a, String b) {
        int[] row = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) row[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            int diagonal = row[0];
            row[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int above = row[j];
                row[j] = Math.min(Math.min(row[j] + 1, row[j - 1] + 1), diagonal + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.length()];
    }
}
