package cn.fazhi.pulse.sink;

import java.time.Duration;

/**
 * How the sink batches and retries.
 *
 * @param groupId its consumer group (offsets live in the database; the group only shares work)
 * @param batchSize most records written in one transaction
 * @param linger how long to wait for a batch to fill before writing what there is
 * @param maxBackoff the longest wait between retries while the database is away
 * @param connections transactions a batch is written in at once, split by partition
 */
public record SinkSettings(String groupId, int batchSize, Duration linger, Duration maxBackoff, int connections) {
    /**
     * Two: a PostgreSQL backend works on one core, so on two cores a second connection lets the
     * database work on both (measured in docs/benchmarks.md, "Sink", "The defaults these figures chose").
     */
    public static final int DEFAULT_CONNECTIONS = 2;
    /**
     * Batches of 20,000: each connection's fixed cost per transaction (its round trips for BEGIN,
     * the statements, the offsets and COMMIT) is spread over 10,000 rows, so PostgreSQL spends more
     * of its time storing rows; it was faster than 5,000 in every run next to it (docs/benchmarks.md,
     * "Sink", "The defaults these figures chose"). A record the database refuses is found by halving,
     * so a big batch costs little more to repair than a small one; when updates trickle in, the
     * linger ends a batch.
     */
    public static final int DEFAULT_BATCH_SIZE = 20_000;
    public static final SinkSettings DEFAULT = new SinkSettings("fazhi-sink", DEFAULT_BATCH_SIZE, Duration.ofMillis(100), Duration.ofSeconds(10),
            DEFAULT_CONNECTIONS);

    public SinkSettings(String groupId, int batchSize, Duration linger, Duration maxBackoff) {
        this(groupId, batchSize, linger, maxBackoff, DEFAULT_CONNECTIONS);
    }

    /** The waits between retries while the database is away, doubling up to {@link #maxBackoff}. */
    Backoff backoff() {
        return Backoff.upTo(maxBackoff);
    }
}
