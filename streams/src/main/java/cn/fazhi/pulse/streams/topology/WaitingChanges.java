package cn.fazhi.pulse.streams.topology;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How many changes wait in the topology's outboxes (entity changes not yet passed downstream,
 * town-month changes not yet published), counted by the processors as they go, so that the
 * runtime can tell whether anything waits without reading the stores from another thread.
 *
 * <p>One per running topology. Each processor of each task has a count of its own, from its
 * {@code init} to its {@code close}, written only by the stream thread that runs the task; anyone
 * may read them. A task that moves to another thread or instance closes its count here and opens
 * one there, so a stale count never holds the instance busy.
 */
public final class WaitingChanges {
    private final Set<Count> counts = ConcurrentHashMap.newKeySet();

    /** True when no task of this instance has a change waiting. */
    public boolean none() {
        for (Count count : counts) {
            if (count.waiting > 0) {
                return false;
            }
        }
        return true;
    }

    /** Changes waiting in all tasks of this instance: town-month entries, not events. */
    public long total() {
        long total = 0;
        for (Count count : counts) {
            total += count.waiting;
        }
        return total;
    }

    /** A count for one processor of one task. */
    Count open() {
        Count count = new Count();
        counts.add(count);
        return count;
    }

    /** One processor's count: set by its stream thread, read by any. */
    final class Count {
        private volatile int waiting;

        void set(int waiting) {
            this.waiting = waiting;
        }

        void close() {
            counts.remove(this);
        }
    }
}
