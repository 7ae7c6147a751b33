package cn.fazhi.pulse.streams.topology;

import java.time.Duration;

/**
 * When a processor that gathers changes should pass them on. While it keeps up with its input,
 * at every punctuation: a change is visible within the interval. While it works through a
 * backlog (its newest input arrived at the broker long before now, as when a year of ledgers is
 * imported at once) only every catch-up interval, because every snapshot passed on would be
 * overwritten a moment later and costs the same to publish, log and store; gathering longer
 * makes each one count for more events. As soon as the input stops, whatever waits goes at once.
 */
final class Pacing {
    private final long behindMs;
    private final long catchUpMs;
    private long newestInputMs = Long.MIN_VALUE;
    private boolean inputSinceLastCheck;
    private long lastPassedOnMs = Long.MIN_VALUE;

    /**
     * @param behind how old the newest input may be while the processor still counts as keeping up
     * @param catchUpInterval how often to pass changes on while it does not
     */
    Pacing(Duration behind, Duration catchUpInterval) {
        this.behindMs = behind.toMillis();
        this.catchUpMs = catchUpInterval.toMillis();
    }

    /** Notes one input record's timestamp (when it reached the broker). */
    void received(long timestampMs) {
        newestInputMs = Math.max(newestInputMs, timestampMs);
        inputSinceLastCheck = true;
    }

    /** Asked at each punctuation: whether to pass changes on now; if so, counts them as passed on. */
    boolean due(long nowMs) {
        boolean quiet = !inputSinceLastCheck;
        boolean keepingUp = nowMs - newestInputMs <= behindMs;
        boolean waitedLongEnough = lastPassedOnMs == Long.MIN_VALUE || nowMs - lastPassedOnMs >= catchUpMs;
        inputSinceLastCheck = false;
        if (quiet || keepingUp || waitedLongEnough) {
            lastPassedOnMs = nowMs;
            return true;
        }
        return false;
    }

    /** The timestamp of the newest input so far, or {@code nowMs} if none came yet. */
    long newestInput(long nowMs) {
        return newestInputMs == Long.MIN_VALUE ? nowMs : newestInputMs;
    }
}
