package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.Database;

import static cn.fazhi.pulse.sink.SinkFixture.PATIENCE;
import static cn.fazhi.pulse.sink.SinkFixture.RUN;
import static cn.fazhi.pulse.sink.SinkFixture.SEED;
import static cn.fazhi.pulse.sink.SinkFixture.assertSameRows;
import static cn.fazhi.pulse.sink.SinkFixture.await;
import static cn.fazhi.pulse.sink.SinkFixture.awaitStored;
import static cn.fazhi.pulse.sink.SinkFixture.count;
import static cn.fazhi.pulse.sink.SinkFixture.current;
import static cn.fazhi.pulse.sink.SinkFixture.databaseAtTheTopicsEnd;
import static cn.fazhi.pulse.sink.SinkFixture.group;
import static cn.fazhi.pulse.sink.SinkFixture.history;
import static cn.fazhi.pulse.sink.SinkFixture.storedOffsets;
import static cn.fazhi.pulse.sink.SnapshotStream.publish;
import static cn.fazhi.pulse.sink.SnapshotStream.updates;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** close() (the application's shutdown hook) while a batch is being written and the next one read. */
@ExtendWith(PipelineBackends.class)
class SinkCloseMidWriteIT {

    @Test
    void shouldStoreTheBatchInFlightAndTheOneReadMeanwhileWhenClosedMidWrite(Backends backends) throws Exception {
        // Given: the history table locked, so that the sink's first write waits on it, and three
        // batches' worth of updates to read
        int batchSize = 1_000;
        Database database = databaseAtTheTopicsEnd(backends);
        Jdbi jdbi = database.jdbi();
        Map<Integer, Long> starts = storedOffsets(jdbi);
        String prefix = "W" + RUN;
        String group = group("closed-mid-write");
        SinkThread sink = null;
        CompletableFuture<Void> closing = null;
        SnapshotStream.Published published;
        try (Handle lock = jdbi.open()) {
            lock.begin();
            lock.execute("LOCK TABLE indicator_history IN EXCLUSIVE MODE");
            published = publish(backends, prefix, updates(prefix, 3 * batchSize, new Random(SEED + 7)), System.currentTimeMillis(),
                    3 * batchSize, Duration.ZERO, () -> {});
            SinkThread reading = new SinkThread(backends, database, group, batchSize);
            sink = reading;
            // A batch holds less than two batch sizes, so this many records read means a second batch
            // was read while the first waits for the lock.
            await("the sink to read on while its first batch waits", () -> reading.recordsRead() >= 2L * batchSize, reading::assertRunning);

            // When it is closed in the middle of that write, which then goes through
            closing = CompletableFuture.runAsync(reading::closeUnchecked);
            Thread.sleep(300);
            assertThat(closing).as("close() waits for the write in flight").isNotDone();
            lock.rollback();
            closing.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        } finally {
            if (sink != null && closing == null) {
                sink.close();
            }
        }

        // Then every record it read, and no other, is stored, and the offsets say so
        long read = sink.recordsRead();
        long offsetsMoved = storedOffsets(jdbi).entrySet().stream()
                .mapToLong(e -> e.getValue() - starts.getOrDefault(e.getKey(), 0L)).sum();
        assertThat(read).as("records read before stopping: part of what was published").isLessThan(3L * batchSize);
        assertThat(offsetsMoved).as("offsets stored past the start = records read").isEqualTo(read);
        assertThat(count(jdbi, prefix)).as("history rows = records read").isEqualTo(read);

        // and a restart stores the rest, nothing twice (counted once it has stopped: the loop counts
        // a batch when it next looks at its write, which may be after the commit is visible)
        SinkThread restarted = new SinkThread(backends, database, group, batchSize);
        try (restarted) {
            awaitStored(jdbi, published.ends(), restarted::assertRunning);
        }
        assertThat(restarted.snapshotsWritten()).as("snapshots written after the restart").isEqualTo(3L * batchSize - read);
        assertSameRows("indicator_history", history(jdbi, prefix), published.history());
        assertSameRows("indicator_current", current(jdbi, prefix), published.current());
    }
}
