package cn.fazhi.pulse.sink;

import cn.fazhi.pulse.store.Database;

import static cn.fazhi.pulse.sink.SinkFixture.UPDATES;
import static cn.fazhi.pulse.sink.SinkFixture.assertSameRows;
import static cn.fazhi.pulse.sink.SinkFixture.await;
import static cn.fazhi.pulse.sink.SinkFixture.awaitStored;
import static cn.fazhi.pulse.sink.SinkFixture.current;
import static cn.fazhi.pulse.sink.SinkFixture.databaseAtTheTopicsEnd;
import static cn.fazhi.pulse.sink.SinkFixture.group;
import static cn.fazhi.pulse.sink.SinkFixture.history;
import static cn.fazhi.pulse.sink.SinkFixture.onOneConnection;
import static cn.fazhi.pulse.sink.SinkFixture.streamProgress;
import static cn.fazhi.pulse.sink.SnapshotStream.longStream;
import static org.assertj.core.api.Assertions.assertThat;

import cn.fazhi.pulse.testkit.Backends;
import cn.fazhi.pulse.testkit.PipelineBackends;
import java.sql.Connection;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Partitions moving between sink instances of one group mid-stream, as when one is added and another leaves. */
@ExtendWith(PipelineBackends.class)
class SinkRebalanceIT {
    /** The test's own reads, polled every few milliseconds, on one connection ({@link SinkFixture#onOneConnection}). */
    @AutoClose
    Connection reads;

    @Test
    void shouldStoreEveryRecordOnceWhenASecondSinkJoinsAndTheFirstLeavesMidStream(Backends backends) throws Exception {
        // Given one sink a quarter of the way through a stream
        Database database = databaseAtTheTopicsEnd(backends);
        reads = database.dataSource().getConnection();
        Jdbi jdbi = onOneConnection(reads);
        SnapshotStream.Published stream = longStream(backends, "B" + SinkFixture.RUN, UPDATES, SinkFixture.SEED + 8);
        String group = group("rebalanced");
        long firstWrote;
        long secondWrote;
        try (SinkThread first = new SinkThread(backends, database, group);
             SinkThread second = startSecond(backends, database, group, jdbi, stream, first)) {
            // When the first leaves the group halfway, handing its partitions to the second
            await("the two sinks to store half of the stream", () -> streamProgress(jdbi, stream) >= 0.5, () -> {
                first.assertRunning();
                second.assertRunning();
            });
            first.close(); // closing it again at the end of the block changes nothing
            firstWrote = first.snapshotsWritten();
            awaitStored(jdbi, stream.ends(), second::assertRunning);
            secondWrote = second.snapshotsWritten();
        }

        // Then both did part of the work, and the tables hold every record once
        assertThat(firstWrote).as("snapshots the first sink stored").isPositive().isLessThan(UPDATES);
        assertThat(secondWrote).as("snapshots the second sink stored, the first's partitions included").isPositive();
        assertSameRows("indicator_history", history(jdbi, stream.prefix()), stream.history());
        assertSameRows("indicator_current", current(jdbi, stream.prefix()), stream.current());
    }

    /** The second sink, joining once the first has stored a quarter of the stream. */
    private static SinkThread startSecond(Backends backends, Database database, String group, Jdbi jdbi,
                                                      SnapshotStream.Published stream, SinkThread first) {
        await("the first sink to store a quarter of the stream", () -> streamProgress(jdbi, stream) >= 0.25, first::assertRunning);
        return new SinkThread(backends, database, group);
    }
}
