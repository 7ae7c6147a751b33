package cn.fazhi.pulse.sink;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Tries again while a failure is retriable, waiting as the {@link Backoff} says; any other failure
 * ends it, classified. How to wait is the caller's: the poll loop keeps its consumer in the group
 * while it waits, a rebalance callback can only sleep. Pure: no clock, no I/O of its own.
 */
final class Retry {

    /** Waits before the next try; throws to give up (the sink is stopping, say). */
    @FunctionalInterface
    interface Wait {
        void waitOut(int failures, Duration wait, RetriableSinkException failure);
    }

    private final Backoff backoff;
    private final Function<Throwable, SinkException> classify;

    Retry(Backoff backoff, Function<Throwable, SinkException> classify) {
        this.backoff = backoff;
        this.classify = classify;
    }

    /** Runs {@code action} until it succeeds; throws the first failure that is not retriable. */
    <T> T run(Supplier<T> action, Wait wait) {
        try {
            return action.get();
        } catch (RuntimeException e) {
            return afterFailure(e, action, wait);
        }
    }

    /** As {@link #run}, for an action that has already failed once with {@code first}. */
    <T> T afterFailure(RuntimeException first, Supplier<T> action, Wait wait) {
        SinkException failure = classify.apply(first);
        for (int failures = 1; ; failures++) {
            if (!(failure instanceof RetriableSinkException retriable)) {
                throw failure;
            }
            wait.waitOut(failures, backoff.after(failures), retriable);
            try {
                return action.get();
            } catch (RuntimeException e) {
                failure = classify.apply(e);
            }
        }
    }
}
