package cn.fazhi.pulse.sink;

import java.time.Duration;

/**
 * How long to wait before trying the database again: the first wait, doubled after every failure
 * in a row, never longer than the longest. The one backoff of the sink, for a batch and for reading
 * where to resume alike.
 */
record Backoff(Duration first, Duration longest) {
    /** Short: a database that restarts is often back within a second, and a batch waits meanwhile. */
    static final Duration FIRST_WAIT = Duration.ofMillis(200);

    Backoff {
        if (first.isNegative() || first.isZero() || longest.compareTo(first) < 0) {
            throw new IllegalArgumentException("a backoff needs 0 < first <= longest: " + first + ", " + longest);
        }
    }

    /** Doubling from {@link #FIRST_WAIT} up to {@code longest} (a shorter longest is the only wait). */
    static Backoff upTo(Duration longest) {
        return new Backoff(longest.compareTo(FIRST_WAIT) < 0 ? longest : FIRST_WAIT, longest);
    }

    /** The wait after {@code failures} failures in a row (1 for the first). */
    Duration after(int failures) {
        Duration wait = first;
        for (int i = 1; i < failures && wait.compareTo(longest) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(longest) > 0 ? longest : wait;
    }
}
