package dev.skein.core.internal;

/**
 * What the thread delivering a call knows of the work behind it: whether more calls it read wait
 * to be delivered after this one. A call of a non-blocking service runs on the delivering thread
 * only when none waits ({@code ServiceOptions.nonBlocking}): alone, it saves two thread hand-offs;
 * behind it, the others would wait for it, and going to the app's executor spreads them over the
 * cores instead. A transport that cannot tell says nothing, and the call runs where it is delivered.
 */
public final class ReadAhead {

    private static final ThreadLocal<Boolean> MORE = new ThreadLocal<>();

    private ReadAhead() {
    }

    /** Runs {@code delivery} on this thread, telling the calls it delivers whether {@code more} wait behind them. */
    public static void deliver(boolean more, Runnable delivery) {
        if (!more) {
            delivery.run();
            return;
        }
        Boolean outer = MORE.get();
        MORE.set(Boolean.TRUE);
        try {
            delivery.run();
        } finally {
            if (outer == null) MORE.remove();
            else MORE.set(outer);
        }
    }

    /** Whether calls wait behind the one being delivered on this thread now. */
    public static boolean moreWaiting() {
        return MORE.get() != null;
    }
}
