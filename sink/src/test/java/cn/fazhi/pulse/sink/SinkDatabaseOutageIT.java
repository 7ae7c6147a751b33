package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.Database;

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
import static cn.fazhi.pulse.sink.SnapshotStream.publish;
import static cn.fazhi.pulse.sink.SnapshotStream.updates;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.indicators.IndicatorSnapshot;
import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The database stopped for seconds while updates keep arriving, at whatever moment of a write. */
@ExtendWith(PipelineBackends.class)
class SinkDatabaseOutageIT {

    @Test
    void shouldLoseNothingAndResumeByItselfWhenTheDatabaseIsAwayForSecondsMidStream(Backends backends) throws Exception {
        // Given: a sink reading from the topic's end, and updates arriving for about eight seconds
        assertThat(Class.forName("org.postgresql.jdbc.BatchResultHandler", false, getClass().getClassLoader()).desiredAssertionStatus())
                .as("pgjdbc's asserts are off, as in production (-da:org.postgresql... in the failsafe argLine of the parent pom):"
                        + " with them on, a connection closed mid-batch fails an assert instead of the SQLException the sink retries on")
                .isFalse();
        Database database = databaseAtTheTopicsEnd(backends);
        Jdbi jdbi = database.jdbi();
        Random random = new Random(SEED + 3);
        String prefix = "O" + RUN;
        List<IndicatorSnapshot> updates = updates(prefix, 20_000, random);
        long outageMillis = 3_000 + random.nextInt(2_001);
        long stopAfter = 1_000 + random.nextInt(3_000);
        ExecutorService producing = Executors.newSingleThreadExecutor();
        try (SinkThread sink = new SinkThread(backends, database, group("outage"))) {
            Future<SnapshotStream.Published> publishing = producing.submit(() ->
                    publish(backends, prefix, updates, System.currentTimeMillis(), 500, Duration.ofMillis(200), () -> {}));
            await("the first rows of the stream", () -> count(jdbi, prefix) >= stopAfter, sink::assertRunning);

            // When the database stops at that moment, whatever the sink is doing, and comes back
            long rowsWhenStopped = count(jdbi, prefix);
            backends.stopDatabase();
            Thread.sleep(outageMillis);
            backends.startDatabase();
            SnapshotStream.Published published = publishing.get();
            awaitStored(jdbi, published.ends(), sink::assertRunning);

            // Then
            System.out.printf("[SinkDatabaseOutageIT] seed %d: database stopped at any moment, away for %d ms, with %d of %d rows stored%n",
                    SEED, outageMillis, rowsWhenStopped, updates.size());
            assertThat(rowsWhenStopped).as("rows stored when the database stopped").isLessThan(updates.size());
            sink.assertRunning();
            assertSameRows("indicator_history", history(jdbi, prefix), published.history());
            assertSameRows("indicator_current", current(jdbi, prefix), published.current());
        } finally {
            producing.shutdownNow();
        }
    }
}
